import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EngineerWorkloadsMysql1796036799731 implements MigrationInterface {
  name = 'EngineerWorkloadsMysql1796036799731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `engineer_workloads` (`userId` varchar(36) NOT NULL, `openTickets` int NOT NULL DEFAULT '0', `lastAssignedAt` datetime(3) NULL, PRIMARY KEY (`userId`)) ENGINE=InnoDB");
    // What the tickets already say: open work per engineer, and their newest assigned ticket.
    await queryRunner.query(
      `INSERT INTO \`engineer_workloads\` (\`userId\`, \`openTickets\`, \`lastAssignedAt\`)
       SELECT \`assigneeId\`, SUM(CASE WHEN \`status\` IN ('dispatched', 'assigned', 'in_repair', 'plan_pending', 'planned') THEN 1 ELSE 0 END), MAX(\`createdAt\`)
         FROM \`tickets\` WHERE \`assigneeId\` IS NOT NULL GROUP BY \`assigneeId\``,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `engineer_workloads`");
  }
}
