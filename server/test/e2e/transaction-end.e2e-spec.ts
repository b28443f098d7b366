import { inTransaction } from '../../src/database/transaction';
import { whenTransactionCommits, whenTransactionEnds } from '../../src/database/transaction-end';
import { startTestApp, type TestApp } from '../support/test-app';

/** In-process bookkeeping that follows a transaction's outcome, on the real database. */
describe('transaction end hooks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('runs the end hooks after a commit or a rollback, and the commit hooks only after a commit', async () => {
    const ran: string[] = [];
    await inTransaction(t.dataSource, async (manager) => {
      whenTransactionEnds(manager.queryRunner, () => ran.push('ended'));
      whenTransactionCommits(manager.queryRunner, () => ran.push('committed'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['ended', 'committed']);

    ran.length = 0;
    await expect(
      inTransaction(t.dataSource, async (manager) => {
        whenTransactionEnds(manager.queryRunner, () => ran.push('ended'));
        whenTransactionCommits(manager.queryRunner, () => ran.push('committed'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(ran).toEqual(['ended']);

    // Outside a transaction there is nothing to wait for.
    whenTransactionCommits(t.dataSource.manager.queryRunner, () => ran.push('at once'));
    expect(ran).toEqual(['ended', 'at once']);
  });
});
