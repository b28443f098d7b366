import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsSqlite1796024946075 implements MigrationInterface {
  name = 'NotificationsSqlite1796024946075';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"inbox_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"organizationId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"kind\" varchar(48) NOT NULL, \"title\" varchar(200) NOT NULL, \"body\" varchar(500) NOT NULL DEFAULT (''), \"ticketId\" varchar(36), \"readAt\" datetime(3), \"createdAt\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_inbox_user_created\" ON \"inbox_messages\" (\"userId\", \"createdAt\") ");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36), \"channel\" varchar(24) NOT NULL, \"recipientId\" varchar(36) NOT NULL, \"kind\" varchar(48) NOT NULL, \"dedupeKey\" varchar(160) NOT NULL, \"payload\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime(3) NOT NULL, \"lockedBy\" varchar(100), \"lockedUntil\" datetime(3), \"lastError\" varchar(500), \"sentAt\" datetime(3), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"))");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_due\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_outbox_due\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("DROP INDEX \"IDX_inbox_user_created\"");
    await queryRunner.query("DROP TABLE \"inbox_messages\"");
  }
}
