import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformAppsMysql1796029023272 implements MigrationInterface {
  name = 'PlatformAppsMysql1796029023272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `platform_identities` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `kind` varchar(24) NOT NULL, `appId` varchar(64) NOT NULL, `subject` varchar(128) NOT NULL, `unionId` varchar(128) NULL, `lastLoginAt` datetime(3) NULL, INDEX `IDX_platform_identities_union` (`organizationId`, `unionId`), INDEX `IDX_platform_identities_user` (`userId`), UNIQUE INDEX `UQ_platform_identities_subject` (`kind`, `appId`, `subject`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `platform_apps` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `kind` varchar(24) NOT NULL, `appId` varchar(64) NOT NULL, `name` varchar(64) NOT NULL, `secretCipher` varchar(1024) NOT NULL, `secretHint` varchar(4) NOT NULL, `agentId` varchar(20) NULL, `active` tinyint NOT NULL DEFAULT 1, INDEX `IDX_platform_apps_org` (`organizationId`, `kind`), UNIQUE INDEX `UQ_platform_apps_kind_app` (`kind`, `appId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `platform_identities` ADD CONSTRAINT `FK_13fd142fd9a19cdebbbfd7c1f36` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `platform_identities` DROP FOREIGN KEY `FK_13fd142fd9a19cdebbbfd7c1f36`");
    await queryRunner.query("DROP INDEX `UQ_platform_apps_kind_app` ON `platform_apps`");
    await queryRunner.query("DROP INDEX `IDX_platform_apps_org` ON `platform_apps`");
    await queryRunner.query("DROP TABLE `platform_apps`");
    await queryRunner.query("DROP INDEX `UQ_platform_identities_subject` ON `platform_identities`");
    await queryRunner.query("DROP INDEX `IDX_platform_identities_user` ON `platform_identities`");
    await queryRunner.query("DROP INDEX `IDX_platform_identities_union` ON `platform_identities`");
    await queryRunner.query("DROP TABLE `platform_identities`");
  }
}
