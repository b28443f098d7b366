import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationChannelsSqlite1796029399772 implements MigrationInterface {
  name = 'NotificationChannelsSqlite1796029399772';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"delivery_attempts\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"outboxId\" varchar(36) NOT NULL, \"worker\" varchar(100) NOT NULL, \"startedAt\" datetime(3) NOT NULL, \"finishedAt\" datetime(3), \"outcome\" varchar(16), \"errorCode\" varchar(48), \"error\" varchar(500))");
    await queryRunner.query("CREATE INDEX \"IDX_delivery_attempts_outbox\" ON \"delivery_attempts\" (\"outboxId\", \"startedAt\") ");
    await queryRunner.query("CREATE TABLE \"notification_consent_uses\" (\"outboxId\" varchar(36) PRIMARY KEY NOT NULL, \"consentId\" varchar(36) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE TABLE \"notification_consents\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"userId\" varchar(36) NOT NULL, \"appId\" varchar(64) NOT NULL, \"templateId\" varchar(64) NOT NULL, \"remaining\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_notification_consents_user_template\" ON \"notification_consents\" (\"userId\", \"appId\", \"templateId\") ");
    await queryRunner.query("CREATE TABLE \"notification_rules\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"position\" integer NOT NULL, \"event\" varchar(32) NOT NULL, \"audience\" text NOT NULL, \"channels\" text NOT NULL, \"title\" varchar(100) NOT NULL, \"templates\" text NOT NULL, \"enabled\" boolean NOT NULL DEFAULT (1))");
    await queryRunner.query("CREATE INDEX \"IDX_notification_rules_org\" ON \"notification_rules\" (\"organizationId\", \"position\") ");
    await queryRunner.query("DROP INDEX \"IDX_outbox_due\"");
    await queryRunner.query("CREATE TABLE \"temporary_outbox_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36), \"channel\" varchar(24) NOT NULL, \"recipientId\" varchar(36) NOT NULL, \"kind\" varchar(48) NOT NULL, \"dedupeKey\" varchar(160) NOT NULL, \"payload\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime(3) NOT NULL, \"lockedBy\" varchar(100), \"lockedUntil\" datetime(3), \"lastError\" varchar(500), \"sentAt\" datetime(3), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"ticketId\" varchar(36), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"))");
    await queryRunner.query("INSERT INTO \"temporary_outbox_messages\"(\"id\", \"organizationId\", \"communityId\", \"channel\", \"recipientId\", \"kind\", \"dedupeKey\", \"payload\", \"status\", \"attempts\", \"nextAttemptAt\", \"lockedBy\", \"lockedUntil\", \"lastError\", \"sentAt\", \"createdAt\") SELECT \"id\", \"organizationId\", \"communityId\", \"channel\", \"recipientId\", \"kind\", \"dedupeKey\", \"payload\", \"status\", \"attempts\", \"nextAttemptAt\", \"lockedBy\", \"lockedUntil\", \"lastError\", \"sentAt\", \"createdAt\" FROM \"outbox_messages\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_outbox_messages\" RENAME TO \"outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_due\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_ticket\" ON \"outbox_messages\" (\"ticketId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_org_created\" ON \"outbox_messages\" (\"organizationId\", \"createdAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_outbox_org_created\"");
    await queryRunner.query("DROP INDEX \"IDX_outbox_ticket\"");
    await queryRunner.query("DROP INDEX \"IDX_outbox_due\"");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" RENAME TO \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36), \"channel\" varchar(24) NOT NULL, \"recipientId\" varchar(36) NOT NULL, \"kind\" varchar(48) NOT NULL, \"dedupeKey\" varchar(160) NOT NULL, \"payload\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('pending'), \"attempts\" integer NOT NULL DEFAULT (0), \"nextAttemptAt\" datetime(3) NOT NULL, \"lockedBy\" varchar(100), \"lockedUntil\" datetime(3), \"lastError\" varchar(500), \"sentAt\" datetime(3), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"))");
    await queryRunner.query("INSERT INTO \"outbox_messages\"(\"id\", \"organizationId\", \"communityId\", \"channel\", \"recipientId\", \"kind\", \"dedupeKey\", \"payload\", \"status\", \"attempts\", \"nextAttemptAt\", \"lockedBy\", \"lockedUntil\", \"lastError\", \"sentAt\", \"createdAt\") SELECT \"id\", \"organizationId\", \"communityId\", \"channel\", \"recipientId\", \"kind\", \"dedupeKey\", \"payload\", \"status\", \"attempts\", \"nextAttemptAt\", \"lockedBy\", \"lockedUntil\", \"lastError\", \"sentAt\", \"createdAt\" FROM \"temporary_outbox_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_due\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_notification_rules_org\"");
    await queryRunner.query("DROP TABLE \"notification_rules\"");
    await queryRunner.query("DROP INDEX \"UQ_notification_consents_user_template\"");
    await queryRunner.query("DROP TABLE \"notification_consents\"");
    await queryRunner.query("DROP TABLE \"notification_consent_uses\"");
    await queryRunner.query("DROP INDEX \"IDX_delivery_attempts_outbox\"");
    await queryRunner.query("DROP TABLE \"delivery_attempts\"");
  }
}
