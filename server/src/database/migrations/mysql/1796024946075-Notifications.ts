import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsMysql1796024946075 implements MigrationInterface {
  name = 'NotificationsMysql1796024946075';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `inbox_messages` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `kind` varchar(48) NOT NULL, `title` varchar(200) NOT NULL, `body` varchar(500) NOT NULL DEFAULT '', `ticketId` varchar(36) NULL, `readAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, INDEX `IDX_inbox_user_created` (`userId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `outbox_messages` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NULL, `channel` varchar(24) NOT NULL, `recipientId` varchar(36) NOT NULL, `kind` varchar(48) NOT NULL, `dedupeKey` varchar(160) NOT NULL, `payload` text NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'pending', `attempts` int NOT NULL DEFAULT '0', `nextAttemptAt` datetime(3) NOT NULL, `lockedBy` varchar(100) NULL, `lockedUntil` datetime(3) NULL, `lastError` varchar(500) NULL, `sentAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_outbox_due` (`status`, `nextAttemptAt`), UNIQUE INDEX `IDX_79cd53d0d5affdfc50864b2d45` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_79cd53d0d5affdfc50864b2d45` ON `outbox_messages`");
    await queryRunner.query("DROP INDEX `IDX_outbox_due` ON `outbox_messages`");
    await queryRunner.query("DROP TABLE `outbox_messages`");
    await queryRunner.query("DROP INDEX `IDX_inbox_user_created` ON `inbox_messages`");
    await queryRunner.query("DROP TABLE `inbox_messages`");
  }
}
