import { RepairCategoryEntity } from '../../src/modules/catalog/entities/repair-category.entity';
import { JobScheduler } from '../../src/modules/scheduler/job-scheduler.service';
import { TicketEventEntity } from '../../src/modules/tickets/entities/ticket-event.entity';
import { TicketEntity } from '../../src/modules/tickets/entities/ticket.entity';
import { TIME_LIMITS_JOB, TicketTimeLimitsJob } from '../../src/modules/tickets/ticket-time-limits.job';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

const MINUTE = 60_000;

/** F2.9: time limits per step, overdue marks, the escalation ladder and the auto-actions. */
describe('time limits and auto-actions', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let job: TicketTimeLimitsJob;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    job = t.app.get(TicketTimeLimitsJob);
    Object.assign(tokens, await loginRoles(t, tenant.a, ['resident', 'engineer', 'admin'] as const));
    const settings = await t
      .http()
      .get(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin!));
    const body = settings.body;
    body.timeLimits = { dispatch: 10, take: 30, start: 60, complete: 240, acceptance: 60, rating: 60 };
    body.autoActions = {
      ...body.autoActions,
      autoDispatchAfterMinutes: 15,
      escalateToDispatcherAfterMinutes: 10,
      escalateToAdminAfterMinutes: 60,
      autoPassAfterHours: 24,
      defaultRatingAfterDays: 3,
      defaultRatingStars: 5,
    };
    body.dispatch = { ...body.dispatch, maxOpenPerEngineer: 50 };
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin!))
      .send(body)
      .expect(200);
  });
  afterAll(() => t.close());

  const events = async (ticketId: string) =>
    (
      await t.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { seq: 'ASC' } })
    ).map((e) => e.action);
  const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

  it('sets the deadline of each step from the community’s limits', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 0);
    const row = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    // Dispatched at once: the engineer has 30 minutes to take it.
    expect(row.stepDeadlineAt!.getTime() - row.stepStartedAt.getTime()).toBe(30 * MINUTE);
  });

  it('flags an overdue step once, then escalates to the dispatcher and then the admin', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 1);
    await job.run(later(20)); // 30 minutes to take it: not late yet
    expect(
      (await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).overdueAt,
    ).toBeNull();
    expect((await job.run(later(32))).overdue).toBeGreaterThanOrEqual(1);
    const first = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect(first.overdueAt).not.toBeNull();
    await job.run(later(35));
    expect((await events(ticket.id)).filter((a) => a === 'overdue')).toHaveLength(1);

    await job.run(later(45)); // 15 minutes late: the dispatcher is told
    await job.run(later(100)); // 70 minutes late: the admin is told
    await job.run(later(200)); // nothing more to climb
    const escalations = await t.dataSource
      .getRepository(TicketEventEntity)
      .find({ where: { ticketId: ticket.id, action: 'escalated' }, order: { seq: 'ASC' } });
    expect(escalations.map((e) => e.data)).toEqual([
      expect.objectContaining({ level: 1, to: 'dispatcher' }),
      expect.objectContaining({ level: 2, to: 'admin' }),
    ]);
    const board = await t
      .http()
      .get(`/api/tickets?communityId=${tenant.a.id}&overdue=true`)
      .set(bearer(tokens.admin!));
    expect(board.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    const tasks = await t.http().get('/api/tickets/tasks?bucket=overdue').set(bearer(tokens.engineer!));
    expect(tasks.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);

    // Taking the order starts a new step: the flag and the ladder start again.
    await act(t, tokens.engineer!, ticket.id, 'take');
    const taken = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect({ overdueAt: taken.overdueAt, escalationLevel: taken.escalationLevel }).toEqual({
      overdueAt: null,
      escalationLevel: 0,
    });
  });

  it('auto-dispatches a report nobody dispatched after the configured wait', async () => {
    await t.dataSource
      .getRepository(RepairCategoryEntity)
      .update({ id: tenant.a.categoryId }, { dispatchMode: 'manual' });
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 2);
    expect(ticket.status).toBe('reported');
    await job.run(later(5));
    expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).status).toBe(
      'reported',
    );
    await job.run(later(16));
    const dispatched = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect(dispatched).toMatchObject({ status: 'dispatched', assigneeId: tenant.a.users.engineer.id });
    expect(await events(ticket.id)).toEqual(expect.arrayContaining(['report', 'dispatch']));
    await t.dataSource
      .getRepository(RepairCategoryEntity)
      .update({ id: tenant.a.categoryId }, { dispatchMode: 'auto' });
  });

  it('passes work nobody checked, then gives the default rating', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 3);
    await act(t, tokens.engineer!, ticket.id, 'take');
    await act(t, tokens.engineer!, ticket.id, 'start');
    await act(t, tokens.engineer!, ticket.id, 'complete', {
      faultCause: 'natural_wear',
      handlingMethod: '更换',
    });
    await job.run(later(23 * 60));
    expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).status).toBe(
      'completed',
    );
    await job.run(later(25 * 60));
    const passed = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect(passed.status).toBe('verified');
    // The rating clock starts when the work was passed.
    await job.run(new Date(passed.stepStartedAt.getTime() + 2 * 24 * 60 * MINUTE));
    expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).status).toBe(
      'verified',
    );
    await job.run(new Date(passed.stepStartedAt.getTime() + 3 * 24 * 60 * MINUTE + MINUTE));
    const rated = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect(rated).toMatchObject({ status: 'closed', rating: 5, closeReason: 'rated' });
    const timeline = await t.http().get(`/api/tickets/${ticket.id}/events`).set(bearer(tokens.resident!));
    const closing = timeline.body.filter(
      (e: { action: string }) => e.action === 'pass' || e.action === 'rate',
    );
    expect(closing.map((e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`)).toEqual([
      'pass:system',
      'rate:system',
    ]);
    expect(
      (await t.http().get(`/api/tickets/${ticket.id}/chain`).set(bearer(tokens.admin!))).body.valid,
    ).toBe(true);
  });

  it('is registered with the scheduler, which runs it once per period', async () => {
    const scheduler = t.app.get(JobScheduler);
    const now = later(24 * 60 * 30);
    expect(await scheduler.runOnce(TIME_LIMITS_JOB, now)).toBe('ran');
    expect(await scheduler.runOnce(TIME_LIMITS_JOB, new Date(now.getTime() + 1000))).toBe('skipped');
  });
});

/** Two server processes on one database: every overdue step is flagged exactly once. */
describe('time limits with two app instances', () => {
  let first: TestApp;
  let second: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({}, { shareDatabaseWith: first });
    tenant = await createTenant(first.dataSource);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('flags each overdue ticket once when both run the job at the same moment', async () => {
    const resident = (await login(first, tenant.a.users.resident.username)).accessToken;
    const ids: string[] = [];
    for (let room = 0; room < 6; room += 1)
      ids.push((await reportTicket(first, resident, tenant.a, {}, room)).id);
    const at = new Date(Date.now() + 24 * 60 * MINUTE);
    const outcomes = await Promise.all([
      first.app.get(JobScheduler).runOnce(TIME_LIMITS_JOB, at),
      second.app.get(JobScheduler).runOnce(TIME_LIMITS_JOB, at),
      first.app.get(JobScheduler).runOnce(TIME_LIMITS_JOB, at),
      second.app.get(JobScheduler).runOnce(TIME_LIMITS_JOB, at),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'ran')).toHaveLength(1);
    const overdue = await first.dataSource
      .getRepository(TicketEventEntity)
      .find({ where: { action: 'overdue' } });
    expect(overdue.map((event) => event.ticketId).sort()).toEqual([...ids].sort());
  });
});
