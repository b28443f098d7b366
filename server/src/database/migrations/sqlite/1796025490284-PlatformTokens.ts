import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformTokensSqlite1796025490284 implements MigrationInterface {
  name = 'PlatformTokensSqlite1796025490284';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"platform_tokens\" (\"platform\" varchar(16) NOT NULL, \"appId\" varchar(64) NOT NULL, \"token\" varchar(512) NOT NULL, \"expiresAt\" datetime(3) NOT NULL, \"refreshingUntil\" datetime(3), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (\"platform\", \"appId\"))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"platform_tokens\"");
  }
}
