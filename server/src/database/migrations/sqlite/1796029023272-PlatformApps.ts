import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformAppsSqlite1796029023272 implements MigrationInterface {
  name = 'PlatformAppsSqlite1796029023272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"platform_identities\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"kind\" varchar(24) NOT NULL, \"appId\" varchar(64) NOT NULL, \"subject\" varchar(128) NOT NULL, \"unionId\" varchar(128), \"lastLoginAt\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_union\" ON \"platform_identities\" (\"organizationId\", \"unionId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_user\" ON \"platform_identities\" (\"userId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_platform_identities_subject\" ON \"platform_identities\" (\"kind\", \"appId\", \"subject\") ");
    await queryRunner.query("CREATE TABLE \"platform_apps\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"kind\" varchar(24) NOT NULL, \"appId\" varchar(64) NOT NULL, \"name\" varchar(64) NOT NULL, \"secretCipher\" varchar(1024) NOT NULL, \"secretHint\" varchar(4) NOT NULL, \"agentId\" varchar(20), \"active\" boolean NOT NULL DEFAULT (1))");
    await queryRunner.query("CREATE INDEX \"IDX_platform_apps_org\" ON \"platform_apps\" (\"organizationId\", \"kind\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_platform_apps_kind_app\" ON \"platform_apps\" (\"kind\", \"appId\") ");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_union\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_user\"");
    await queryRunner.query("DROP INDEX \"UQ_platform_identities_subject\"");
    await queryRunner.query("CREATE TABLE \"temporary_platform_identities\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"kind\" varchar(24) NOT NULL, \"appId\" varchar(64) NOT NULL, \"subject\" varchar(128) NOT NULL, \"unionId\" varchar(128), \"lastLoginAt\" datetime(3), CONSTRAINT \"FK_13fd142fd9a19cdebbbfd7c1f36\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_platform_identities\"(\"id\", \"createdAt\", \"updatedAt\", \"organizationId\", \"userId\", \"kind\", \"appId\", \"subject\", \"unionId\", \"lastLoginAt\") SELECT \"id\", \"createdAt\", \"updatedAt\", \"organizationId\", \"userId\", \"kind\", \"appId\", \"subject\", \"unionId\", \"lastLoginAt\" FROM \"platform_identities\"");
    await queryRunner.query("DROP TABLE \"platform_identities\"");
    await queryRunner.query("ALTER TABLE \"temporary_platform_identities\" RENAME TO \"platform_identities\"");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_union\" ON \"platform_identities\" (\"organizationId\", \"unionId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_user\" ON \"platform_identities\" (\"userId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_platform_identities_subject\" ON \"platform_identities\" (\"kind\", \"appId\", \"subject\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"UQ_platform_identities_subject\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_user\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_union\"");
    await queryRunner.query("ALTER TABLE \"platform_identities\" RENAME TO \"temporary_platform_identities\"");
    await queryRunner.query("CREATE TABLE \"platform_identities\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"kind\" varchar(24) NOT NULL, \"appId\" varchar(64) NOT NULL, \"subject\" varchar(128) NOT NULL, \"unionId\" varchar(128), \"lastLoginAt\" datetime(3))");
    await queryRunner.query("INSERT INTO \"platform_identities\"(\"id\", \"createdAt\", \"updatedAt\", \"organizationId\", \"userId\", \"kind\", \"appId\", \"subject\", \"unionId\", \"lastLoginAt\") SELECT \"id\", \"createdAt\", \"updatedAt\", \"organizationId\", \"userId\", \"kind\", \"appId\", \"subject\", \"unionId\", \"lastLoginAt\" FROM \"temporary_platform_identities\"");
    await queryRunner.query("DROP TABLE \"temporary_platform_identities\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_platform_identities_subject\" ON \"platform_identities\" (\"kind\", \"appId\", \"subject\") ");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_user\" ON \"platform_identities\" (\"userId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_platform_identities_union\" ON \"platform_identities\" (\"organizationId\", \"unionId\") ");
    await queryRunner.query("DROP INDEX \"UQ_platform_apps_kind_app\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_apps_org\"");
    await queryRunner.query("DROP TABLE \"platform_apps\"");
    await queryRunner.query("DROP INDEX \"UQ_platform_identities_subject\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_user\"");
    await queryRunner.query("DROP INDEX \"IDX_platform_identities_union\"");
    await queryRunner.query("DROP TABLE \"platform_identities\"");
  }
}
