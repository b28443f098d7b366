import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { deferInsert } from '../../src/database/deferred-writes';
import { whenTransactionEnds } from '../../src/database/transaction-end';
import { JobLeaseEntity } from '../../src/modules/scheduler/entities/job-lease.entity';
import { ReportBatches } from '../../src/modules/tickets/report-batches';
import { createTenant } from '../factories/tenant.factory';
import { bearer, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Group commit (ReportBatches) on the real database: reports arriving while a batch is written
 * share the next transaction, deferred rows go in at its commit, and one failing report neither
 * loses the others nor lets its own rows in.
 */
describe('report batches', () => {
  let t: TestApp;
  let batches: ReportBatches;
  /** Which transaction each unit of work ran in: a mark made by the first unit of each. */
  const ranIn = new Map<string, object>();

  beforeAll(async () => {
    t = await startTestApp();
    batches = t.app.get(ReportBatches);
  });
  afterAll(() => t.close());

  /** A unit of work that defers one row, as a report defers its ticket. */
  const writeRow = (name: string) => async (tx: EntityManager) => {
    const data = tx.queryRunner!.data as { batchMark?: object };
    if (data.batchMark === undefined) {
      data.batchMark = {};
      whenTransactionEnds(tx.queryRunner, () => delete data.batchMark);
    }
    ranIn.set(name, data.batchMark);
    await deferInsert(tx, JobLeaseEntity, [{ name, runs: 0 }]);
    return name;
  };
  const stored = async (names: string[]) =>
    (await t.dataSource.getRepository(JobLeaseEntity).findBy({ name: In(names) }))
      .map((row) => row.name)
      .sort();

  /** Holds the first batch open until released, so the next reports queue behind it. */
  const heldFirst = (name: string, key = name) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = batches.write(key, async (tx) => {
      await gate;
      return writeRow(name)(tx);
    });
    return { first, release };
  };

  it('writes the reports that queued meanwhile in one transaction', async () => {
    const { first, release } = heldFirst('batch-first');
    const queued = ['batch-a', 'batch-b', 'batch-c', 'batch-d'].map((name) =>
      batches.write(name, writeRow(name)),
    );
    release();
    expect(await Promise.all([first, ...queued])).toEqual([
      'batch-first',
      'batch-a',
      'batch-b',
      'batch-c',
      'batch-d',
    ]);
    // The held one alone, then the four together.
    const marks = ['batch-first', 'batch-a', 'batch-b', 'batch-c', 'batch-d'].map((name) => ranIn.get(name));
    expect(new Set(marks.slice(1)).size).toBe(1);
    expect(marks[1]).not.toBe(marks[0]);
    expect(await stored(['batch-first', 'batch-a', 'batch-b', 'batch-c', 'batch-d'])).toEqual([
      'batch-a',
      'batch-b',
      'batch-c',
      'batch-d',
      'batch-first',
    ]);
  });

  it('writes the others again on their own when one report of a batch fails', async () => {
    const { first, release } = heldFirst('retry-first');
    const refused = new Error('this report is refused');
    const queued = [
      batches.write('retry-a', writeRow('retry-a')),
      batches.write('retry-bad', async (tx) => {
        await writeRow('retry-bad')(tx);
        throw refused;
      }),
      batches.write('retry-c', writeRow('retry-c')),
    ];
    const settled = Promise.allSettled(queued);
    release();
    await first;
    const outcomes = await settled;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBe(refused);
    expect(await stored(['retry-a', 'retry-bad', 'retry-c'])).toEqual(['retry-a', 'retry-c']);
  });

  it('writes a backlog in a second transaction beside the first, never one of the same place', async () => {
    const { first, release } = heldFirst('two-first', 'two-place');
    const sameNames = ['two-same-1', 'two-same-2'];
    const otherNames = ['two-a', 'two-b', 'two-c', 'two-d', 'two-e', 'two-f'];
    const same = sameNames.map((name) => batches.write('two-place', writeRow(name)));
    // The sixth brings the queue to eight: a second transaction opens for what it may take.
    const others = otherNames.map((name) => batches.write(name, writeRow(name)));
    const sqlite = t.dataSource.options.type === 'better-sqlite3';
    try {
      // MariaDB writes and commits them while the first is still open; SQLite, which has one
      // writer, only after it.
      const whileHeld = await Promise.race([
        Promise.all(others).then(() => 'written'),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), sqlite ? 300 : 10_000)),
      ]);
      expect(whileHeld).toBe(sqlite ? 'waiting' : 'written');
      expect(await stored([...otherNames, ...sameNames])).toEqual(sqlite ? [] : otherNames);
    } finally {
      // Even when an expectation fails: a transaction held open would hang the suite's end.
      release();
    }
    expect(await Promise.all([first, ...same, ...others])).toEqual([
      'two-first',
      ...sameNames,
      ...otherNames,
    ]);
    const mark = (name: string) => ranIn.get(name);
    expect(new Set(otherNames.map(mark)).size).toBe(1);
    expect(new Set(sameNames.map(mark)).size).toBe(1);
    // The reports of the held place waited for its transaction to end, and were not in the other.
    expect(new Set([mark('two-first'), mark('two-same-1'), mark('two-a')]).size).toBe(3);
    expect(await stored(['two-first', ...sameNames, ...otherNames])).toEqual(
      ['two-first', ...sameNames, ...otherNames].sort(),
    );
  });

  it('links a report to an earlier one of the same batch that is not in the table yet', async () => {
    const tenant = await createTenant(t.dataSource);
    const { resident } = await loginRoles(t, tenant.a, ['resident'] as const);
    const report = (room = 0) =>
      t.http().post('/api/tickets').set(bearer(resident!)).send({
        communityId: tenant.a.id,
        locationId: tenant.a.rooms[room],
        categoryId: tenant.a.categoryId,
        description: '同一处漏水',
      });
    // A first report elsewhere reserves the day's ticket numbers, which takes a transaction of
    // its own (on SQLite that would wait behind the held batch).
    expect((await report(1)).status).toBe(201);
    const { first, release } = heldFirst('duplicate-first');
    // Both reports queue behind the held batch, so they are written together.
    const sent = [report(), report()].map((request) => request.then((response) => response));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await first;
    const [one, two] = await Promise.all(sent);
    expect([one!.status, two!.status]).toEqual([201, 201]);
    const marks = [one!.body, two!.body].map((body) => body.duplicateOf?.id ?? null);
    // Exactly one of them is the original; the other is closed as its duplicate.
    const original = marks[0] === null ? one!.body.ticket : two!.body.ticket;
    const duplicate = marks[0] === null ? two!.body : one!.body;
    expect(marks.filter((mark) => mark === null)).toHaveLength(1);
    expect(duplicate.duplicateOf.id).toBe(original.id);
    expect(duplicate.ticket).toMatchObject({ status: 'closed', closeReason: 'duplicate' });
  });
});
