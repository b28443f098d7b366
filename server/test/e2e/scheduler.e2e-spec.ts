import { setTimeout as sleep } from 'node:timers/promises';
import { newId } from '../../src/database/ids';
import { inTransaction } from '../../src/database/transaction';
import { AuditEventEntity } from '../../src/modules/audit/audit-event.entity';
import { AuditService } from '../../src/modules/audit/audit.service';
import { JobLeaseEntity } from '../../src/modules/scheduler/entities/job-lease.entity';
import { JobScheduler, type RunOutcome } from '../../src/modules/scheduler/job-scheduler.service';
import { LeaseService } from '../../src/modules/scheduler/lease.service';
import { createTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const MINUTE = 60_000;

/**
 * Writes one audit row per call, as one statement. Two servers of this file share one thread: on
 * SQLite a transaction held open across an await by one would stall the other's next write.
 */
function auditingRun(t: TestApp, targetId: string) {
  return (now: Date): Promise<void> =>
    t.app.get(AuditService).record(t.dataSource.manager, {
      organizationId: targetId,
      actorId: null,
      action: 'scheduler.test_run',
      targetType: 'job',
      targetId,
      data: { now: now.toISOString() },
    });
}

function countRuns(t: TestApp, targetId: string): Promise<number> {
  return t.dataSource.getRepository(AuditEventEntity).countBy({ targetId });
}

function leaseRow(t: TestApp, name: string): Promise<JobLeaseEntity | null> {
  return t.dataSource.getRepository(JobLeaseEntity).findOneBy({ name });
}

function tally(outcomes: RunOutcome[]): Record<RunOutcome, number> {
  const counts = { ran: 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** Scheduled work takes a lease row first, so any number of API processes run a job once (R23). */
describe('scheduled jobs across server processes', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({}, { shareDatabaseWith: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('gives a free lease to exactly one of 20 concurrent callers, and again once it runs out', async () => {
    const leases = [first.app.get(LeaseService), second.app.get(LeaseService)];
    const now = new Date();
    const race = (at: Date) =>
      Promise.all(
        Array.from({ length: 20 }, (_unused, i) =>
          leases[i % 2]!.tryAcquire('test.race', `holder-${i}`, MINUTE, at),
        ),
      );

    const winners = await race(now);
    expect(winners.filter(Boolean)).toHaveLength(1);
    const holder = `holder-${winners.indexOf(true)}`;
    const row = await leaseRow(first, 'test.race');
    expect(row).toMatchObject({ holder, runs: 0 });
    expect(row!.leaseUntil!.getTime()).toBe(now.getTime() + MINUTE);

    expect((await race(new Date(now.getTime() + MINUTE - 1))).filter(Boolean)).toHaveLength(0);
    expect((await race(new Date(now.getTime() + MINUTE))).filter(Boolean)).toHaveLength(1);

    const current = (await leaseRow(first, 'test.race'))!.holder!;
    const other = current === 'holder-0' ? 'holder-1' : 'holder-0';
    expect(await leases[0]!.release('test.race', other)).toBe(false);
    expect(await leases[1]!.release('test.race', current)).toBe(true);
    expect(await leases[0]!.tryAcquire('test.race', other, MINUTE, new Date(now.getTime() + MINUTE))).toBe(
      true,
    );
  });

  it('keeps a lease taken while another use case has a transaction open that rolls back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = inTransaction(first.dataSource, async () => {
      await gate;
      throw new Error('rolled back');
    });
    const acquiring = first.app.get(LeaseService).tryAcquire('test.rollback', 'holder-r', MINUTE);
    await sleep(20);
    release();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await acquiring).toBe(true);
    expect(await leaseRow(first, 'test.rollback')).toMatchObject({ holder: 'holder-r' });
  });

  it('runs a job registered in two servers once per period, however often both fire it', async () => {
    const target = newId();
    const name = 'test.once-per-period';
    const schedulers = [first, second].map((t) => {
      const scheduler = t.app.get(JobScheduler);
      scheduler.register({ name, everyMs: MINUTE, run: auditingRun(t, target) });
      return scheduler;
    });
    const fire = (at: Date) =>
      Promise.all(Array.from({ length: 30 }, (_unused, i) => schedulers[i % 2]!.runOnce(name, at)));
    const start = new Date();

    expect(tally(await fire(start))).toEqual({ ran: 1, skipped: 29, failed: 0 });
    expect(await countRuns(first, target)).toBe(1);
    // Still the same period, up to its last millisecond: the lease is kept after the run.
    expect(tally(await fire(new Date(start.getTime() + 1)))).toEqual({ ran: 0, skipped: 30, failed: 0 });
    expect(tally(await fire(new Date(start.getTime() + MINUTE - 1)))).toEqual({
      ran: 0,
      skipped: 30,
      failed: 0,
    });
    expect(await countRuns(first, target)).toBe(1);

    expect(tally(await fire(new Date(start.getTime() + MINUTE)))).toEqual({ ran: 1, skipped: 29, failed: 0 });
    expect(await countRuns(second, target)).toBe(2);
    const row = await leaseRow(second, name);
    expect(row).toMatchObject({ runs: 2, lastError: null });
    expect(row!.lastStartedAt!.getTime()).toBe(start.getTime() + MINUTE);
    expect(row!.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(start.getTime() + MINUTE);
    expect(row!.leaseUntil!.getTime()).toBe(start.getTime() + 2 * MINUTE);
    expect(schedulers.map((scheduler) => scheduler.holder)).toContain(row!.holder);
  });

  it('records a failed run, logs it, and runs again in the next period', async () => {
    const name = 'test.fails-once';
    const target = newId();
    const succeed = auditingRun(second, target);
    let calls = 0;
    second.app.get(JobScheduler).register({
      name,
      everyMs: MINUTE,
      run: async (now) => {
        calls += 1;
        if (calls === 1) throw new Error('the mail server said no');
        await succeed(now);
      },
    });
    const scheduler = second.app.get(JobScheduler);
    const start = new Date();

    expect(await scheduler.runOnce(name, start)).toBe('failed');
    const failed = await leaseRow(first, name);
    expect(failed).toMatchObject({ runs: 1, lastError: 'Error: the mail server said no' });
    expect(failed!.lastFinishedAt).not.toBeNull();
    const logged = [...first.logs, ...second.logs].find(
      (line) => line.level === 50 && String(line.msg).includes(name),
    );
    expect(logged).toMatchObject({ msg: expect.stringContaining('the mail server said no') });
    expect(String(logged!.trace)).toContain('Error: the mail server said no');

    expect(await scheduler.runOnce(name, new Date(start.getTime() + MINUTE / 2))).toBe('skipped');
    expect(calls).toBe(1);
    expect(await scheduler.runOnce(name, new Date(start.getTime() + MINUTE))).toBe('ran');
    expect(await leaseRow(first, name)).toMatchObject({ runs: 2, lastError: null });
    expect(await countRuns(first, target)).toBe(1);
  });

  it('keeps the lease of a run that outlasts its period, so no other server starts it meanwhile', async () => {
    const name = 'test.slow';
    const everyMs = 400;
    let active = 0;
    let overlapped = false;
    const slowRun = async () => {
      active += 1;
      if (active > 1) overlapped = true;
      await sleep(3 * everyMs);
      active -= 1;
    };
    const [one, two] = [first, second].map((t) => t.app.get(JobScheduler));
    one!.register({ name, everyMs, run: slowRun });
    two!.register({ name, everyMs, run: slowRun });

    const running = one!.runOnce(name);
    await until(() => active === 1);
    const meanwhile: RunOutcome[] = [];
    while (active === 1) {
      meanwhile.push(await two!.runOnce(name));
      await sleep(50);
    }
    expect(await running).toBe('ran');
    expect(overlapped).toBe(false);
    expect(meanwhile.length).toBeGreaterThan(10);
    expect(tally(meanwhile).ran).toBe(0);
  });

  it('refuses bad registrations and unknown jobs', async () => {
    const scheduler = first.app.get(JobScheduler);
    const run = () => Promise.resolve();
    expect(() => scheduler.register({ name: '', everyMs: 1000, run })).toThrow(/1 to 64 characters/);
    expect(() => scheduler.register({ name: 'x'.repeat(65), everyMs: 1000, run })).toThrow(/1 to 64/);
    expect(() => scheduler.register({ name: 'test.bad-period', everyMs: 0, run })).toThrow(/everyMs/);
    expect(() => scheduler.register({ name: 'test.bad-period', everyMs: 1.5, run })).toThrow(/everyMs/);
    scheduler.register({ name: 'test.twice', everyMs: 1000, run });
    expect(() => scheduler.register({ name: 'test.twice', everyMs: 1000, run })).toThrow(/twice/);
    await expect(scheduler.runOnce('test.nobody')).rejects.toThrow(/No scheduled job/);
    await expect(first.app.get(LeaseService).tryAcquire('test.ttl', 'h', 0)).rejects.toThrow(/Lease time/);
  });

  it('shows admins each job and its last run, without holders or error text', async () => {
    const tenant = await createTenant(first.dataSource);
    const admin = (await login(first, tenant.a.users.admin.username)).accessToken;
    const response = await first.http().get('/api/scheduler/jobs').set(bearer(admin));
    expect(response.status).toBe(200);
    const byName = new Map(
      (response.body as { name: string }[]).map((job) => [job.name, job as Record<string, unknown>]),
    );
    expect(byName.get('test.once-per-period')).toEqual({
      name: 'test.once-per-period',
      everyMs: MINUTE,
      leaseUntil: expect.any(String),
      lastStartedAt: expect.any(String),
      lastFinishedAt: expect.any(String),
      running: false,
      lastRunFailed: false,
      runs: 2,
    });
    // Known from the database only: this server never registered it.
    expect(byName.get('test.fails-once')).toMatchObject({ everyMs: null, runs: 2, lastRunFailed: false });
    expect(byName.get('test.race')).toMatchObject({ everyMs: null, runs: 0, lastStartedAt: null });
    expect(JSON.stringify(response.body)).not.toMatch(/holder|lastError|mail server/);

    const resident = (await login(first, tenant.a.users.resident.username)).accessToken;
    const refused = await first.http().get('/api/scheduler/jobs').set(bearer(resident));
    expect(refused.status).toBe(403);
    expect((await first.http().get('/api/scheduler/jobs')).status).toBe(401);
  });

  it('lets a shutting-down server finish its running job between batches, and waits for it (R23)', async () => {
    const leaving = await startTestApp({}, { shareDatabaseWith: first });
    const target = newId();
    const name = 'test.batches';
    const batch = auditingRun(leaving, target);
    let batchesDone = 0;
    let returned = false;
    let stoppedEarly = false;
    const scheduler = leaving.app.get(JobScheduler);
    scheduler.register({
      name,
      everyMs: MINUTE,
      run: async (now, stopping) => {
        for (let i = 0; i < 1000; i++) {
          if (stopping.aborted) {
            stoppedEarly = true;
            break;
          }
          await sleep(20);
          await batch(now);
          batchesDone += 1;
        }
        returned = true;
      },
    });

    const outcome = scheduler.runOnce(name);
    await until(() => batchesDone >= 2);
    await leaving.close();
    expect(returned).toBe(true);
    expect(stoppedEarly).toBe(true);
    expect(await outcome).toBe('ran');
    expect(await scheduler.runOnce(name)).toBe('skipped');

    // Every batch begun was finished and recorded; the run's end is on the lease row.
    expect(await countRuns(first, target)).toBe(batchesDone);
    expect(batchesDone).toBeLessThan(1000);
    const row = await leaseRow(first, name);
    expect(row).toMatchObject({ runs: 1, lastError: null, holder: scheduler.holder });
    expect(row!.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(row!.lastStartedAt!.getTime());
  });

  it('runs jobs on timers when enabled, once per period across servers, and stops them at shutdown', async () => {
    const everyMs = 300;
    const name = 'test.timed';
    const target = newId();
    const servers = [
      await startTestApp({ SCHEDULER_ENABLED: 'true' }, { shareDatabaseWith: first }),
      await startTestApp({ SCHEDULER_ENABLED: 'true' }, { shareDatabaseWith: first }),
    ];
    const starts: number[] = [];
    for (const server of servers) {
      const write = auditingRun(server, target);
      server.app.get(JobScheduler).register({
        name,
        everyMs,
        run: async (now) => {
          starts.push(now.getTime());
          await write(now);
        },
      });
    }
    await until(() => starts.length >= 4);
    for (const server of servers) await server.close();
    const runsAtClose = starts.length;

    const sorted = [...starts].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(everyMs);
    await sleep(2 * everyMs);
    expect(starts).toHaveLength(runsAtClose);
    expect(await countRuns(first, target)).toBe(runsAtClose);
    expect(await leaseRow(first, name)).toMatchObject({ runs: runsAtClose, lastError: null });
  });
});
