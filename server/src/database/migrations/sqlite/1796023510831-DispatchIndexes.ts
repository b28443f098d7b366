import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DispatchIndexesSqlite1796023510831 implements MigrationInterface {
  name = 'DispatchIndexesSqlite1796023510831';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_tickets_assignee_created\" ON \"tickets\" (\"assigneeId\", \"createdAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_tickets_assignee_closed\" ON \"tickets\" (\"assigneeId\", \"closedAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_tickets_assignee_closed\"");
    await queryRunner.query("DROP INDEX \"IDX_tickets_assignee_created\"");
  }
}
