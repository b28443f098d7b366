import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SurchargesMysql1796029724617 implements MigrationInterface {
  name = 'SurchargesMysql1796029724617';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `surcharges` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `ticketId` varchar(36) NOT NULL, `requestedById` varchar(36) NOT NULL, `reason` varchar(20) NOT NULL, `note` varchar(500) NOT NULL DEFAULT '', `lines` text NOT NULL, `totalFen` int NOT NULL, `photoIds` text NOT NULL, `approvals` text NOT NULL, `status` varchar(20) NOT NULL, `outcomeNote` varchar(500) NULL, `residentDecidedAt` datetime(3) NULL, `paidFen` int NOT NULL DEFAULT '0', `refundedFen` int NOT NULL DEFAULT '0', `version` int NOT NULL DEFAULT '0', INDEX `IDX_surcharges_community_status` (`communityId`, `status`, `createdAt`), INDEX `IDX_surcharges_ticket` (`ticketId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_surcharges_ticket` ON `surcharges`");
    await queryRunner.query("DROP INDEX `IDX_surcharges_community_status` ON `surcharges`");
    await queryRunner.query("DROP TABLE `surcharges`");
  }
}
