import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationChannelsMysql1796029399772 implements MigrationInterface {
  name = 'NotificationChannelsMysql1796029399772';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `delivery_attempts` (`id` varchar(36) NOT NULL, `outboxId` varchar(36) NOT NULL, `worker` varchar(100) NOT NULL, `startedAt` datetime(3) NOT NULL, `finishedAt` datetime(3) NULL, `outcome` varchar(16) NULL, `errorCode` varchar(48) NULL, `error` varchar(500) NULL, INDEX `IDX_delivery_attempts_outbox` (`outboxId`, `startedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `notification_consent_uses` (`outboxId` varchar(36) NOT NULL, `consentId` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`outboxId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `notification_consents` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `appId` varchar(64) NOT NULL, `templateId` varchar(64) NOT NULL, `remaining` int NOT NULL DEFAULT '0', UNIQUE INDEX `UQ_notification_consents_user_template` (`userId`, `appId`, `templateId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `notification_rules` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `position` int NOT NULL, `event` varchar(32) NOT NULL, `audience` text NOT NULL, `channels` text NOT NULL, `title` varchar(100) NOT NULL, `templates` text NOT NULL, `enabled` tinyint NOT NULL DEFAULT 1, INDEX `IDX_notification_rules_org` (`organizationId`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `outbox_messages` ADD `ticketId` varchar(36) NULL");
    await queryRunner.query("CREATE INDEX `IDX_outbox_ticket` ON `outbox_messages` (`ticketId`)");
    await queryRunner.query("CREATE INDEX `IDX_outbox_org_created` ON `outbox_messages` (`organizationId`, `createdAt`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_outbox_org_created` ON `outbox_messages`");
    await queryRunner.query("DROP INDEX `IDX_outbox_ticket` ON `outbox_messages`");
    await queryRunner.query("ALTER TABLE `outbox_messages` DROP COLUMN `ticketId`");
    await queryRunner.query("DROP INDEX `IDX_notification_rules_org` ON `notification_rules`");
    await queryRunner.query("DROP TABLE `notification_rules`");
    await queryRunner.query("DROP INDEX `UQ_notification_consents_user_template` ON `notification_consents`");
    await queryRunner.query("DROP TABLE `notification_consents`");
    await queryRunner.query("DROP TABLE `notification_consent_uses`");
    await queryRunner.query("DROP INDEX `IDX_delivery_attempts_outbox` ON `delivery_attempts`");
    await queryRunner.query("DROP TABLE `delivery_attempts`");
  }
}
