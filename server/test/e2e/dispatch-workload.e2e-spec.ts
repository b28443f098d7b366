import { DISPATCH_REASON_RANKED, type DispatchReason } from '@smart-repair/shared';
import { In } from 'typeorm';
import { TradeMemberEntity } from '../../src/modules/catalog/entities/trade-member.entity';
import { ENGINEER_LOADS_MS, EngineerLoads } from '../../src/modules/tickets/engineer-loads';
import { EngineerWorkloadEntity } from '../../src/modules/tickets/entities/engineer-workload.entity';
import { TicketEntity } from '../../src/modules/tickets/entities/ticket.entity';
import { WORKLOAD_STATUSES } from '../../src/modules/tickets/engineer-workloads';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

/**
 * Auto-dispatch weighs engineers by counters the journal keeps (engineer_workloads), not by
 * counting tickets on every report: these must always agree with what the tickets say, and
 * reports arriving together must spread over the engineers.
 */
describe('dispatch workload', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const tokens: Record<string, string> = {};
  let engineers: string[];

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    Object.assign(
      tokens,
      await loginRoles(t, tenant.a, [
        'resident',
        'engineer',
        'temp_engineer',
        'vendor',
        'admin',
        'dispatcher',
      ] as const),
    );
    // Three field people in the trade: the engineer (already a member), the temp and the vendor.
    const { users } = tenant.a;
    await t.dataSource.getRepository(TradeMemberEntity).insert(
      [users.temp_engineer.id, users.vendor.id].map((userId) => ({
        tradeId: tenant.a.tradeId,
        userId,
        communityId: tenant.a.id,
      })),
    );
    engineers = [users.engineer.id, users.temp_engineer.id, users.vendor.id];
  });
  afterAll(() => t.close());

  /** Each engineer's counter next to a count of their open tickets, straight from the tables. */
  const counters = async () => {
    const stored = await t.dataSource.getRepository(EngineerWorkloadEntity).findBy({ userId: In(engineers) });
    const tickets = await t.dataSource
      .getRepository(TicketEntity)
      .findBy({ assigneeId: In(engineers), status: In([...WORKLOAD_STATUSES]) });
    return engineers.map((id) => ({
      id,
      counter: stored.find((row) => row.userId === id)?.openTickets ?? 0,
      tickets: tickets.filter((ticket) => ticket.assigneeId === id).length,
    }));
  };
  const expectCountersTrue = async () => {
    for (const { counter, tickets } of await counters()) expect(counter).toBe(tickets);
  };
  const tokenOf = (userId: string) =>
    tokens[Object.entries(tenant.a.users).find(([, user]) => user.id === userId)![0] as keyof typeof tokens]!;

  it('spreads reports arriving together over the engineers', async () => {
    const reports = await Promise.all(
      [0, 1, 2].map((room) => reportTicket(t, tokens.resident!, tenant.a, {}, room)),
    );
    const assignees = reports.map((report) => report.assignee?.id);
    expect(new Set(assignees)).toEqual(new Set(engineers));
    expect(await counters()).toEqual(engineers.map((id) => ({ id, counter: 1, tickets: 1 })));
  });

  it('keeps every counter equal to the tickets through take, return, transfer, finish and cancel', async () => {
    const [a, b, c] = await Promise.all(
      [3, 4, 5].map((room) => reportTicket(t, tokens.resident!, tenant.a, {}, room)),
    );
    await expectCountersTrue();

    // Taken, started, completed (still theirs until accepted), accepted: off their load.
    const first = a!.assignee!.id;
    expect((await act(t, tokenOf(first), a!.id, 'take')).status).toBe(200);
    expect((await act(t, tokenOf(first), a!.id, 'start')).status).toBe(200);
    await expectCountersTrue();
    expect(
      (
        await act(t, tokenOf(first), a!.id, 'complete', {
          faultCause: 'natural_wear',
          handlingMethod: '更换阀芯',
        })
      ).status,
    ).toBe(200);
    expect((await act(t, tokens.admin!, a!.id, 'pass')).status).toBe(200);
    await expectCountersTrue();

    // Returned to the office, then dispatched by hand to someone else.
    const second = b!.assignee!.id;
    expect((await act(t, tokenOf(second), b!.id, 'return', { reason: '不在片区' })).status).toBe(204);
    await expectCountersTrue();
    const other = engineers.find((id) => id !== second)!;
    expect((await act(t, tokens.dispatcher!, b!.id, 'dispatch', { engineerId: other })).status).toBe(200);
    await expectCountersTrue();

    // Transferred from one engineer to another.
    const third = c!.assignee!.id;
    const to = engineers.find((id) => id !== third)!;
    expect(
      (await act(t, tokenOf(third), c!.id, 'transfer', { engineerId: to, reason: '他更近' })).status,
    ).toBe(204);
    await expectCountersTrue();

    // Cancelled by the resident before work starts.
    const cancelled = await reportTicket(t, tokens.resident!, tenant.a, {}, 6);
    expect((await act(t, tokens.resident!, cancelled.id, 'cancel', { reason: '自己修好了' })).status).toBe(
      200,
    );
    await expectCountersTrue();

    // And the totals are what the tickets hold, none lost or doubled.
    const total = (await counters()).reduce((sum, row) => sum + row.counter, 0);
    expect(total).toBe(
      await t.dataSource
        .getRepository(TicketEntity)
        .countBy({ assigneeId: In(engineers), status: In([...WORKLOAD_STATUSES]) }),
    );
  });

  it('dispatches by the counters: the least loaded engineer gets the next report', async () => {
    const before = await counters();
    const least = Math.min(...before.map((row) => row.counter));
    const report = await reportTicket(t, tokens.resident!, tenant.a, {}, 7);
    const chosen = before.find((row) => row.id === report.assignee?.id);
    expect(chosen?.counter).toBe(least);
    const detail = await t.http().get(`/api/tickets/${report.id}`).set(bearer(tokens.admin!));
    for (const candidate of detail.body.dispatchReason.candidates as {
      userId: string;
      openTickets: number;
    }[])
      expect(candidate.openTickets).toBe(before.find((row) => row.id === candidate.userId)!.counter);
    await expectCountersTrue();
  });

  it('builds the counters from the tickets when the table is created (the migration backfills)', async () => {
    const before = await counters();
    expect(before.some((row) => row.counter > 0)).toBe(true);
    const migration = t.dataSource.migrations.find((m) => m.name?.startsWith('EngineerWorkloads'))!;
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await counters()).toEqual(before);
  });

  it('adds a change committed while the counters are being read once the read is in', async () => {
    const loads = t.app.get(EngineerLoads);
    const other = await createTenant(t.dataSource);
    const engineerId = other.a.users.engineer.id;
    const before = Date.now();
    // The first ask for this trade starts a read; the change commits (no transaction) meanwhile.
    const reading = loads.of(other.a.id, other.a.tradeId);
    loads.record(t.dataSource.manager, [{ userId: engineerId, delta: 2, assignedAt: new Date(before) }]);
    const [row] = await reading;
    expect(row).toMatchObject({ id: engineerId, openTickets: 2, lastAssignedAt: before });
    // Later changes go straight into the rows a read already brought.
    loads.record(t.dataSource.manager, [{ userId: engineerId, delta: -1, assignedAt: null }]);
    const [after] = await loads.of(other.a.id, other.a.tradeId);
    expect(after).toMatchObject({ openTickets: 1, lastAssignedAt: before });
  });

  it('keeps as the reason the leaders in rank order, a few passed over, and counts of everyone', async () => {
    // Eight more engineers in the trade, two of them off duty: eleven to choose from.
    const added: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const user = await t
        .http()
        .post('/api/users')
        .set(bearer(tokens.admin!))
        .send({
          name: `候补师傅${i}`,
          roles: [{ role: 'engineer', communityId: tenant.a.id }],
          onDuty: i >= 2,
        })
        .expect(201);
      added.push(user.body.id);
    }
    await t.dataSource
      .getRepository(TradeMemberEntity)
      .insert(added.map((userId) => ({ tradeId: tenant.a.tradeId, userId, communityId: tenant.a.id })));

    const report = await reportTicket(t, tokens.resident!, tenant.a, { locationId: tenant.a.floorId });
    const detail = await t.http().get(`/api/tickets/${report.id}`).set(bearer(tokens.admin!));
    const reason = detail.body.dispatchReason as DispatchReason;
    expect(reason.counts).toEqual({ considered: 11, eligible: 9, excluded: { off_duty: 2 } });
    const ranked = reason.candidates.filter((candidate) => candidate.excluded === undefined);
    expect(ranked).toHaveLength(DISPATCH_REASON_RANKED);
    expect(ranked[0]!.userId).toBe(report.assignee!.id);
    const loads = ranked.map((candidate) => candidate.openTickets);
    expect(loads).toEqual([...loads].sort((a, b) => a - b));
    expect(reason.candidates.slice(DISPATCH_REASON_RANKED)).toEqual([
      expect.objectContaining({ userId: added[0], excluded: 'off_duty' }),
      expect.objectContaining({ userId: added[1], excluded: 'off_duty' }),
    ]);
  });
});

/** Two server processes on one database: each dispatches by its own read of the counters. */
describe('dispatch workload across processes', () => {
  let one: TestApp;
  let two: TestApp;
  let tenant: TestTenant;
  let tokens: Record<'resident' | 'admin', string>;

  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp({ JWT_SECRET: one.config.auth.jwtSecret }, { shareDatabaseWith: one });
    tenant = await createTenant(one.dataSource);
    tokens = await loginRoles(one, tenant.a, ['resident', 'admin'] as const);
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  const openTicketsSeenFor = async (app: TestApp, room: number) => {
    const report = await reportTicket(app, tokens.resident, tenant.a, {}, room);
    const detail = await app.http().get(`/api/tickets/${report.id}`).set(bearer(tokens.admin));
    return (detail.body.dispatchReason as DispatchReason).candidates[0]!.openTickets;
  };

  it('counts the other process’s dispatches once its read of the counters is renewed', async () => {
    // The trade's one engineer: this process reads the counters and adds its own dispatch.
    expect(await openTicketsSeenFor(one, 0)).toBe(0);
    expect(await openTicketsSeenFor(one, 1)).toBe(1);
    // The other process gives the engineer two more.
    expect(await openTicketsSeenFor(two, 2)).toBe(2);
    expect(await openTicketsSeenFor(two, 3)).toBe(3);
    // Within ENGINEER_LOADS_MS this process may still go by its own read; after it, not.
    await new Promise((resolve) => setTimeout(resolve, ENGINEER_LOADS_MS + 100));
    expect(await openTicketsSeenFor(one, 4)).toBe(4);
  });
});
