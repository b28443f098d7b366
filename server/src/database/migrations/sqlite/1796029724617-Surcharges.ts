import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SurchargesSqlite1796029724617 implements MigrationInterface {
  name = 'SurchargesSqlite1796029724617';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"surcharges\" (\"id\" varchar(36) PRIMARY KEY NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"organizationId\" varchar(36) NOT NULL, \"communityId\" varchar(36) NOT NULL, \"ticketId\" varchar(36) NOT NULL, \"requestedById\" varchar(36) NOT NULL, \"reason\" varchar(20) NOT NULL, \"note\" varchar(500) NOT NULL DEFAULT (''), \"lines\" text NOT NULL, \"totalFen\" integer NOT NULL, \"photoIds\" text NOT NULL, \"approvals\" text NOT NULL, \"status\" varchar(20) NOT NULL, \"outcomeNote\" varchar(500), \"residentDecidedAt\" datetime(3), \"paidFen\" integer NOT NULL DEFAULT (0), \"refundedFen\" integer NOT NULL DEFAULT (0), \"version\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE INDEX \"IDX_surcharges_community_status\" ON \"surcharges\" (\"communityId\", \"status\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_surcharges_ticket\" ON \"surcharges\" (\"ticketId\", \"createdAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_surcharges_ticket\"");
    await queryRunner.query("DROP INDEX \"IDX_surcharges_community_status\"");
    await queryRunner.query("DROP TABLE \"surcharges\"");
  }
}
