import { startFakeWechatPay, type FakeWechatPay } from '@smart-repair/fake-platforms';
import { DEFAULT_COMMUNITY_SETTINGS } from '@smart-repair/shared';
import { TicketEventEntity } from '../../src/modules/tickets/entities/ticket-event.entity';
import { TicketEntity } from '../../src/modules/tickets/entities/ticket.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { agreedSurcharge, freePort, paymentEnv, setUpMerchant } from '../support/payments';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHINA = 8 * HOUR;

/** Every report is its own ticket, and one engineer may hold them all. */
const SETTINGS = {
  ...DEFAULT_COMMUNITY_SETTINGS,
  dispatch: { ...DEFAULT_COMMUNITY_SETTINGS.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 },
};
const COMPLETION = { faultCause: 'natural_wear', handlingMethod: '更换阀芯' };

let pay: FakeWechatPay;
let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;
let tokens: Record<'resident' | 'engineer' | 'temp_engineer' | 'dispatcher' | 'admin' | 'reviewer', string>;
let doorCategoryId: string;

/** Midnight, China time, five days before today's: day 0 of the range; today is day 5. */
const today = Math.floor((Date.now() + CHINA) / DAY) * DAY - CHINA;
const base = today - 5 * DAY;
const at = (day: number, hours: number, minutes = 0) =>
  new Date(base + day * DAY + hours * HOUR + minutes * MINUTE);
const chinaDay = (day: number) => new Date(base + day * DAY + CHINA).toISOString().slice(0, 10);
const RANGE = `from=${new Date(base).toISOString()}&to=${new Date(today + DAY).toISOString()}`;

/**
 * Moves a ticket made through the routes back in time: its events to `reportedAt` plus the hours
 * given, and its own timestamps with them, so the figures have known answers.
 */
async function backdate(ticketId: string, reportedAt: Date, steps: [action: string, hours: number][]) {
  const events = t.dataSource.getRepository(TicketEventEntity);
  const rows = await events.find({ where: { ticketId }, order: { seq: 'ASC' } });
  expect(rows.map((row) => row.action)).toEqual(steps.map(([action]) => action));
  const time = (hours: number) => new Date(reportedAt.getTime() + hours * HOUR);
  for (const [index, row] of rows.entries())
    await events.update({ id: row.id }, { createdAt: time(steps[index]![1]) });
  const tickets = t.dataSource.getRepository(TicketEntity);
  const ticket = await tickets.findOneByOrFail({ id: ticketId });
  const last = (action: string) => steps.filter(([name]) => name === action).at(-1)?.[1];
  await tickets.update(
    { id: ticketId },
    {
      createdAt: reportedAt,
      completedAt: ticket.completedAt === null ? null : time(last('complete')!),
      closedAt: ticket.closedAt === null ? null : time(steps.at(-1)![1]),
    },
  );
}

function stats(token: string, query: string) {
  return t.http().get(`/api/stats/tickets?${query}`).set(bearer(token));
}

beforeAll(async () => {
  pay = await startFakeWechatPay({ port: 0, timeScale: 0.0001, replyTimeoutMs: 5000 });
  t = await startTestApp(paymentEnv(pay, await freePort()));
  tenant = await createTenant(t.dataSource);
  other = await createTenant(t.dataSource);
  tokens = await loginRoles(t, tenant.a, [
    'resident',
    'engineer',
    'temp_engineer',
    'dispatcher',
    'admin',
    'reviewer',
  ] as const);
  await t
    .http()
    .put(`/api/communities/${tenant.a.id}/settings`)
    .set(bearer(tokens.admin))
    .send(SETTINGS)
    .expect(200);
  const door = await t
    .http()
    .post('/api/categories')
    .set(bearer(tokens.admin))
    .send({
      communityId: tenant.a.id,
      tradeId: tenant.a.tradeId,
      code: 'DOOR',
      name: '门窗',
      dispatchMode: 'manual',
    })
    .expect(201);
  doorCategoryId = door.body.id;

  const { resident, engineer, temp_engineer: temp, dispatcher, admin } = tokens;
  const work = async (token: string, id: string) => {
    await act(t, token, id, 'take').expect(200);
    await act(t, token, id, 'start').expect(200);
    await act(t, token, id, 'complete', COMPLETION).expect(200);
    await act(t, admin, id, 'pass').expect(200);
  };

  // Rated 5: dispatched an hour after the report, done four hours after that.
  const t1 = await reportTicket(t, resident, tenant.a, {}, 0);
  await work(engineer, t1.id);
  await act(t, resident, t1.id, 'rate', { stars: 5 }).expect(200);
  await backdate(t1.id, at(1, 8), [
    ['report', 0],
    ['dispatch', 1],
    ['take', 2],
    ['start', 2.5],
    ['complete', 5],
    ['pass', 6],
    ['rate', 7],
  ]);

  // Rated 2 (a bad rating), reported late on day 1 China time.
  const t2 = await reportTicket(t, resident, tenant.a, {}, 1);
  await work(engineer, t2.id);
  await act(t, resident, t2.id, 'rate', { stars: 2, comment: '拖了很久' }).expect(200);
  await backdate(t2.id, at(1, 23, 30), [
    ['report', 0],
    ['dispatch', 0.5],
    ['take', 1.5],
    ['start', 2],
    ['complete', 4],
    ['pass', 8],
    ['rate', 9],
  ]);

  // Half past midnight on day 2 China time, still day 1 in UTC; a manual category, so the
  // dispatcher sends it by hand (from reported: a second dispatch would be refused). Not rated yet.
  const t3 = await reportTicket(t, resident, tenant.a, { categoryId: doorCategoryId }, 2);
  await act(t, dispatcher, t3.id, 'dispatch', { engineerId: tenant.a.users.temp_engineer.id }).expect(200);
  await work(temp, t3.id);
  await backdate(t3.id, at(2, 0, 30), [
    ['report', 0],
    ['dispatch', 2],
    ['take', 4],
    ['start', 4.5],
    ['complete', 7],
    ['pass', 9],
  ]);

  // Waiting for dispatch since day 0, its limit long past: overdue now.
  const t4 = await reportTicket(t, resident, tenant.a, { categoryId: doorCategoryId }, 3);
  await backdate(t4.id, at(0, 10), [['report', 0]]);
  await t.dataSource
    .getRepository(TicketEntity)
    .update({ id: t4.id }, { stepStartedAt: at(0, 10), stepDeadlineAt: at(0, 10, 30) });

  // Withdrawn by the resident.
  const t5 = await reportTicket(t, resident, tenant.a, {}, 4);
  await act(t, resident, t5.id, 'cancel', { reason: '已自行修好' }).expect(200);
  await backdate(t5.id, at(2, 9), [
    ['report', 0],
    ['dispatch', 0.5],
    ['cancel', 1],
  ]);

  // Reported two hours before the range begins: counted nowhere but as open work.
  const t6 = await reportTicket(t, resident, tenant.a, {}, 5);
  await backdate(t6.id, at(0, -2), [
    ['report', 0],
    ['dispatch', 0.25],
  ]);

  // Community b: one surcharge paid (¥121) and ¥50 of it refunded, today.
  await setUpMerchant(t, pay, tenant);
  const { surchargeId, resident: residentB } = await agreedSurcharge(t, tenant.b);
  const order = await t
    .http()
    .post(`/api/surcharges/${surchargeId}/payment`)
    .set(bearer(residentB))
    .send({})
    .expect(200);
  pay.payOrder(order.body.outTradeNo as string);
  await pay.idle();
  const adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
  await t
    .http()
    .post(`/api/surcharges/${surchargeId}/refunds`)
    .set(bearer(adminB))
    .send({ amountFen: 5000, reason: '部分材料未使用' })
    .expect(201);
  await pay.idle();
});

afterAll(async () => {
  await t?.close();
  await pay?.close();
});

const NO_MONEY = { paidFen: 0, refundedFen: 0, netFen: 0 };
const B_MONEY = { paidFen: 12_100, refundedFen: 5000, netFen: 7100 };

describe('ticket figures for the office (F4)', () => {
  it('counts and times a community’s tickets of the range exactly', async () => {
    const response = await stats(tokens.admin, `communityId=${tenant.a.id}&${RANGE}`).expect(200);
    expect(response.body).toEqual({
      communityId: tenant.a.id,
      range: { from: new Date(base).toISOString(), to: new Date(today + DAY).toISOString(), clamped: false },
      reported: 5,
      byStatus: {
        reported: 1,
        accepted: 0,
        dispatched: 0,
        assigned: 0,
        in_repair: 0,
        plan_pending: 0,
        planned: 0,
        completed: 0,
        verified: 1,
        closed: 2,
        cancelled: 1,
      },
      daily: [1, 2, 2, 0, 0, 0].map((reported, day) => ({ day: chinaDay(day), reported })),
      byCategory: [
        { categoryId: tenant.a.categoryId, name: `${tenant.a.code}水龙头`, reported: 3 },
        { categoryId: doorCategoryId, name: '门窗', reported: 2 },
      ],
      byEngineer: [
        {
          engineerId: tenant.a.users.engineer.id,
          name: `用户${tenant.a.users.engineer.username}`,
          completed: 2,
          averageHoursToComplete: 3.75, // (4 + 3.5) / 2
          rated: 2,
          averageRating: 3.5,
        },
        {
          engineerId: tenant.a.users.temp_engineer.id,
          name: `用户${tenant.a.users.temp_engineer.username}`,
          completed: 1,
          averageHoursToComplete: 5,
          rated: 0,
          averageRating: null,
        },
      ],
      averageHours: {
        reportToDispatch: 1, // (1 + 0.5 + 2 + 0.5) / 4
        dispatchToTake: 1.33, // (1 + 1 + 2) / 3
        takeToComplete: 2.83, // (3 + 2.5 + 3) / 3
        completeToAcceptance: 2.33, // (1 + 4 + 2) / 3
      },
      ratings: { rated: 2, average: 3.5, bad: 1 },
      overdueNow: 1,
      surcharges: NO_MONEY,
    });
  });

  it('answers the same for a dispatcher, and for an admin without naming the community', async () => {
    const admin = (await stats(tokens.admin, RANGE).expect(200)).body;
    const dispatcher = (await stats(tokens.dispatcher, `communityId=${tenant.a.id}&${RANGE}`).expect(200))
      .body;
    expect(admin.communityId).toBeNull();
    expect({ ...admin, communityId: tenant.a.id }).toEqual(dispatcher);
  });

  it('adds the surcharge money of the ledger', async () => {
    const b = (await stats(tokens.admin, RANGE).expect(200)).body;
    expect(b.surcharges).toEqual(NO_MONEY);
    const adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
    const figures = (await stats(adminB, `communityId=${tenant.b.id}&${RANGE}`).expect(200)).body;
    expect(figures).toMatchObject({
      reported: 1,
      byStatus: { assigned: 1 },
      daily: [0, 0, 0, 0, 0, 1].map((reported, day) => ({ day: chinaDay(day), reported })),
      overdueNow: 0,
      surcharges: B_MONEY,
    });
    // Before today: nothing was paid.
    const before = `from=${new Date(base).toISOString()}&to=${new Date(today).toISOString()}`;
    expect((await stats(adminB, `communityId=${tenant.b.id}&${before}`).expect(200)).body.surcharges).toEqual(
      NO_MONEY,
    );
  });

  it('gives HQ every community of the organisation together', async () => {
    const hq = (await login(t, tenant.hq.username)).accessToken;
    const figures = (await stats(hq, RANGE).expect(200)).body;
    expect(figures).toMatchObject({
      communityId: null,
      reported: 6,
      byStatus: { reported: 1, assigned: 1, verified: 1, closed: 2, cancelled: 1 },
      daily: [1, 2, 2, 0, 0, 1].map((reported, day) => ({ day: chinaDay(day), reported })),
      ratings: { rated: 2, average: 3.5, bad: 1 },
      overdueNow: 1,
      surcharges: B_MONEY,
    });
    expect(figures.byCategory).toHaveLength(3);
    expect(figures.byEngineer.map((row: { completed: number }) => row.completed)).toEqual([2, 1]);
  });

  it('defaults to the last 30 days and cuts a range longer than 366 days', async () => {
    const recent = (await stats(tokens.admin, `communityId=${tenant.a.id}`).expect(200)).body;
    const to = Date.parse(recent.range.to);
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
    expect(to - Date.parse(recent.range.from)).toBe(30 * DAY);
    // Up to now: all six, the one from before the range included.
    expect(recent.reported).toBe(6);

    const twoYears = `from=2024-12-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00`;
    const long = (await stats(tokens.admin, `communityId=${tenant.a.id}&${twoYears}`).expect(200)).body;
    expect(long.range).toEqual({
      from: new Date(Date.parse('2026-12-01T00:00:00+08:00') - 366 * DAY).toISOString(),
      to: '2026-11-30T16:00:00.000Z',
      clamped: true,
    });
    expect(long.daily).toHaveLength(366);
  });

  it('refuses a backwards or malformed range', async () => {
    const backwards = await stats(
      tokens.admin,
      `from=${new Date(today).toISOString()}&to=${new Date(base).toISOString()}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { from: expect.any(Array) } },
    });
    const malformed = await stats(tokens.admin, 'from=yesterday');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect((await stats(tokens.admin, 'communityId=not-an-id')).status).toBe(400);
  });

  it('is for those who run dispatch, within their own communities', async () => {
    for (const role of ['resident', 'engineer', 'temp_engineer', 'reviewer'] as const) {
      const refused = await stats(tokens[role], RANGE);
      expect([role, refused.status, refused.body.code]).toEqual([role, 403, 'PERMISSION_DENIED']);
    }
    const notTheirs = await stats(tokens.admin, `communityId=${tenant.b.id}`);
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.code).toBe('COMMUNITY_NOT_FOUND');
    const otherHq = (await login(t, other.hq.username)).accessToken;
    const foreign = await stats(otherHq, `communityId=${tenant.a.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('COMMUNITY_NOT_FOUND');
    const own = (await stats(otherHq, RANGE).expect(200)).body;
    expect(own).toMatchObject({
      reported: 0,
      overdueNow: 0,
      byCategory: [],
      byEngineer: [],
      surcharges: NO_MONEY,
    });
    expect(own.averageHours).toEqual({
      reportToDispatch: null,
      dispatchToTake: null,
      takeToComplete: null,
      completeToAcceptance: null,
    });
  });
});
