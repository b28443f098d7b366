import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsMysql1796030173638 implements MigrationInterface {
  name = 'PaymentsMysql1796030173638';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `ledger_entries` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `kind` varchar(20) NOT NULL, `amountFen` int NOT NULL, `concernsFen` int NOT NULL DEFAULT '0', `orderId` varchar(36) NULL, `refundId` varchar(36) NULL, `surchargeId` varchar(36) NULL, `ticketId` varchar(36) NULL, `reference` varchar(64) NULL, `note` varchar(200) NOT NULL DEFAULT '', `dedupeKey` varchar(100) NOT NULL, `occurredAt` datetime(3) NOT NULL, INDEX `IDX_ledger_entries_community_time` (`communityId`, `occurredAt`), UNIQUE INDEX `UQ_ledger_entries_dedupe` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_merchants` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `mchid` varchar(32) NOT NULL, `appid` varchar(64) NOT NULL, `serialNo` varchar(64) NOT NULL, `privateKeyCipher` text NOT NULL, `certificatePem` text NOT NULL, `apiV3KeyCipher` varchar(256) NOT NULL, `verificationMode` varchar(16) NOT NULL, `publicKeyId` varchar(64) NULL, `publicKeyPem` text NULL, UNIQUE INDEX `UQ_payment_merchants_org` (`organizationId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_orders` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `surchargeId` varchar(36) NOT NULL, `ticketId` varchar(36) NOT NULL, `merchantId` varchar(36) NOT NULL, `outTradeNo` varchar(32) NOT NULL, `amountFen` int NOT NULL, `payerId` varchar(36) NOT NULL, `payerOpenid` varchar(128) NOT NULL, `status` varchar(16) NOT NULL, `prepayId` varchar(64) NULL, `requestPayment` text NULL, `expiresAt` datetime(3) NOT NULL, `transactionId` varchar(64) NULL, `paidAt` datetime(3) NULL, `closedAt` datetime(3) NULL, `nextCheckAt` datetime(3) NULL, `checks` int NOT NULL DEFAULT '0', `refundedFen` int NOT NULL DEFAULT '0', INDEX `IDX_payment_orders_check` (`status`, `nextCheckAt`), INDEX `IDX_payment_orders_surcharge` (`surchargeId`, `status`), UNIQUE INDEX `UQ_payment_orders_out_trade_no` (`outTradeNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_refunds` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `surchargeId` varchar(36) NOT NULL, `outRefundNo` varchar(64) NOT NULL, `amountFen` int NOT NULL, `reason` varchar(80) NOT NULL, `requestedById` varchar(36) NOT NULL, `status` varchar(16) NOT NULL, `refundId` varchar(64) NULL, `completedAt` datetime(3) NULL, `nextCheckAt` datetime(3) NULL, `checks` int NOT NULL DEFAULT '0', INDEX `IDX_payment_refunds_check` (`status`, `nextCheckAt`), INDEX `IDX_payment_refunds_order` (`orderId`), UNIQUE INDEX `UQ_payment_refunds_out_refund_no` (`outRefundNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `UQ_payment_refunds_out_refund_no` ON `payment_refunds`");
    await queryRunner.query("DROP INDEX `IDX_payment_refunds_order` ON `payment_refunds`");
    await queryRunner.query("DROP INDEX `IDX_payment_refunds_check` ON `payment_refunds`");
    await queryRunner.query("DROP TABLE `payment_refunds`");
    await queryRunner.query("DROP INDEX `UQ_payment_orders_out_trade_no` ON `payment_orders`");
    await queryRunner.query("DROP INDEX `IDX_payment_orders_surcharge` ON `payment_orders`");
    await queryRunner.query("DROP INDEX `IDX_payment_orders_check` ON `payment_orders`");
    await queryRunner.query("DROP TABLE `payment_orders`");
    await queryRunner.query("DROP INDEX `UQ_payment_merchants_org` ON `payment_merchants`");
    await queryRunner.query("DROP TABLE `payment_merchants`");
    await queryRunner.query("DROP INDEX `UQ_ledger_entries_dedupe` ON `ledger_entries`");
    await queryRunner.query("DROP INDEX `IDX_ledger_entries_community_time` ON `ledger_entries`");
    await queryRunner.query("DROP TABLE `ledger_entries`");
  }
}
