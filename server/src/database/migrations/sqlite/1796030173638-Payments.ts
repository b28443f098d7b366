import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsSqlite1796030173638 implements MigrationInterface {
  name = 'PaymentsSqlite1796030173638';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"ledger_entries\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36) NOT NULL, \"kind\" varchar(20) NOT NULL, \"amountFen\" integer NOT NULL, \"concernsFen\" integer NOT NULL DEFAULT (0), \"orderId\" varchar(36), \"refundId\" varchar(36), \"surchargeId\" varchar(36), \"ticketId\" varchar(36), \"reference\" varchar(64), \"note\" varchar(200) NOT NULL DEFAULT (''), \"dedupeKey\" varchar(100) NOT NULL, \"occurredAt\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_ledger_entries_community_time\" ON \"ledger_entries\" (\"communityId\", \"occurredAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_ledger_entries_dedupe\" ON \"ledger_entries\" (\"dedupeKey\") ");
    await queryRunner.query("CREATE TABLE \"payment_merchants\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"mchid\" varchar(32) NOT NULL, \"appid\" varchar(64) NOT NULL, \"serialNo\" varchar(64) NOT NULL, \"privateKeyCipher\" text NOT NULL, \"certificatePem\" text NOT NULL, \"apiV3KeyCipher\" varchar(256) NOT NULL, \"verificationMode\" varchar(16) NOT NULL, \"publicKeyId\" varchar(64), \"publicKeyPem\" text)");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_payment_merchants_org\" ON \"payment_merchants\" (\"organizationId\") ");
    await queryRunner.query("CREATE TABLE \"payment_orders\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36) NOT NULL, \"surchargeId\" varchar(36) NOT NULL, \"ticketId\" varchar(36) NOT NULL, \"merchantId\" varchar(36) NOT NULL, \"outTradeNo\" varchar(32) NOT NULL, \"amountFen\" integer NOT NULL, \"payerId\" varchar(36) NOT NULL, \"payerOpenid\" varchar(128) NOT NULL, \"status\" varchar(16) NOT NULL, \"prepayId\" varchar(64), \"requestPayment\" text, \"expiresAt\" datetime(3) NOT NULL, \"transactionId\" varchar(64), \"paidAt\" datetime(3), \"closedAt\" datetime(3), \"nextCheckAt\" datetime(3), \"checks\" integer NOT NULL DEFAULT (0), \"refundedFen\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE INDEX \"IDX_payment_orders_check\" ON \"payment_orders\" (\"status\", \"nextCheckAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_payment_orders_surcharge\" ON \"payment_orders\" (\"surchargeId\", \"status\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_payment_orders_out_trade_no\" ON \"payment_orders\" (\"outTradeNo\") ");
    await queryRunner.query("CREATE TABLE \"payment_refunds\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36) NOT NULL, \"orderId\" varchar(36) NOT NULL, \"surchargeId\" varchar(36) NOT NULL, \"outRefundNo\" varchar(64) NOT NULL, \"amountFen\" integer NOT NULL, \"reason\" varchar(80) NOT NULL, \"requestedById\" varchar(36) NOT NULL, \"status\" varchar(16) NOT NULL, \"refundId\" varchar(64), \"completedAt\" datetime(3), \"nextCheckAt\" datetime(3), \"checks\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE INDEX \"IDX_payment_refunds_check\" ON \"payment_refunds\" (\"status\", \"nextCheckAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_payment_refunds_order\" ON \"payment_refunds\" (\"orderId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_payment_refunds_out_refund_no\" ON \"payment_refunds\" (\"outRefundNo\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"UQ_payment_refunds_out_refund_no\"");
    await queryRunner.query("DROP INDEX \"IDX_payment_refunds_order\"");
    await queryRunner.query("DROP INDEX \"IDX_payment_refunds_check\"");
    await queryRunner.query("DROP TABLE \"payment_refunds\"");
    await queryRunner.query("DROP INDEX \"UQ_payment_orders_out_trade_no\"");
    await queryRunner.query("DROP INDEX \"IDX_payment_orders_surcharge\"");
    await queryRunner.query("DROP INDEX \"IDX_payment_orders_check\"");
    await queryRunner.query("DROP TABLE \"payment_orders\"");
    await queryRunner.query("DROP INDEX \"UQ_payment_merchants_org\"");
    await queryRunner.query("DROP TABLE \"payment_merchants\"");
    await queryRunner.query("DROP INDEX \"UQ_ledger_entries_dedupe\"");
    await queryRunner.query("DROP INDEX \"IDX_ledger_entries_community_time\"");
    await queryRunner.query("DROP TABLE \"ledger_entries\"");
  }
}
