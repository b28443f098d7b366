import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DispatchIndexesMysql1796023510831 implements MigrationInterface {
  name = 'DispatchIndexesMysql1796023510831';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_tickets_assignee_created` ON `tickets` (`assigneeId`, `createdAt`)");
    await queryRunner.query("CREATE INDEX `IDX_tickets_assignee_closed` ON `tickets` (`assigneeId`, `closedAt`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_tickets_assignee_closed` ON `tickets`");
    await queryRunner.query("DROP INDEX `IDX_tickets_assignee_created` ON `tickets`");
  }
}
