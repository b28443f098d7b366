import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The migrations of this database's dialect produce exactly the schema the entities describe:
 * a changed entity without its migration fails here (on SQLite, and on MariaDB in CI).
 */
describe('migrations match the entities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('leaves nothing for the schema builder to change', async () => {
    const log = await t.dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('rolls every migration back and forward again to the same schema', async () => {
    const count = t.dataSource.migrations.length;
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i += 1) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await t.dataSource.createQueryRunner().getTables(['users']);
    expect(tables).toHaveLength(0);
    await t.dataSource.runMigrations({ transaction: 'each' });
    const log = await t.dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries).toEqual([]);
  });
});
