import { DEFAULT_COMMUNITY_SETTINGS } from '@smart-repair/shared';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { mp4, png } from '../fixtures/media';
import { bearer, login, loginRoles } from '../support/auth';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;
let tokens: Record<'resident' | 'engineer' | 'dispatcher' | 'admin' | 'reviewer', string>;
let hq: string;

/** Every report is its own ticket here: duplicate linking is off. */
const SETTINGS = {
  ...DEFAULT_COMMUNITY_SETTINGS,
  dispatch: { ...DEFAULT_COMMUNITY_SETTINGS.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 },
};

/** ¥121: two valves and the labour, under the admin's threshold of ¥200. */
const SMALL = {
  reason: 'damage_by_person',
  note: '装修砸裂角阀',
  lines: [
    { name: '角阀（铜）', quantity: 2, unitPriceFen: 3550 },
    { name: '人工', quantity: 1, unitPriceFen: 5000 },
  ],
};
/** ¥350: needs the dispatcher, then the admin. */
const LARGE = { reason: 'over_budget', lines: [{ name: '整段更换PPR管', quantity: 5, unitPriceFen: 7000 }] };

/** A ticket of community a that its engineer has taken. */
async function takenTicket(): Promise<string> {
  const ticket = await reportTicket(t, tokens.resident, tenant.a);
  expect(ticket.assignee?.id).toBe(tenant.a.users.engineer.id);
  await act(t, tokens.engineer, ticket.id, 'take').expect(200);
  return ticket.id;
}

function request(ticketId: string, body: Record<string, unknown>, token = tokens.engineer) {
  return t.http().post(`/api/tickets/${ticketId}/surcharges`).set(bearer(token)).send(body);
}

function decide(id: string, action: string, token: string, body: Record<string, unknown> = {}) {
  return t.http().post(`/api/surcharges/${id}/${action}`).set(bearer(token)).send(body);
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTenant(t.dataSource);
  other = await createTenant(t.dataSource);
  tokens = await loginRoles(t, tenant.a, [
    'resident',
    'engineer',
    'dispatcher',
    'admin',
    'reviewer',
  ] as const);
  hq = (await login(t, tenant.hq.username)).accessToken;
  await t
    .http()
    .put(`/api/communities/${tenant.a.id}/settings`)
    .set(bearer(tokens.admin))
    .send(SETTINGS)
    .expect(200);
});

afterAll(() => t?.close());

describe('surcharge approval and the resident’s agreement (F2.7)', () => {
  it('goes through the dispatcher and the admin, then the resident agrees; each step is a ticket event', async () => {
    const ticketId = await takenTicket();
    const requested = await request(ticketId, LARGE).expect(201);
    expect(requested.body).toMatchObject({
      status: 'pending_approval',
      totalFen: 35_000,
      lines: [{ name: '整段更换PPR管', quantity: 5, unitPriceFen: 7000, amountFen: 35_000 }],
      approvals: [
        { role: 'dispatcher', decision: null },
        { role: 'admin', decision: null },
      ],
      requestedBy: expect.any(String),
    });
    const id = requested.body.id as string;

    // The admin's level is not yet due; the dispatcher's is, and the dispatcher sees it.
    const queue = await t
      .http()
      .get(`/api/surcharges?communityId=${tenant.a.id}&status=pending_approval`)
      .set(bearer(tokens.dispatcher));
    expect(
      (queue.body.items as { id: string; actions: string[] }[]).find((row) => row.id === id)?.actions,
    ).toEqual(['approve', 'refuse', 'withdraw']);
    expect((await decide(id, 'approve', tokens.admin)).status).toBe(403);
    const first = await decide(id, 'approve', tokens.dispatcher, { note: '价格合理' }).expect(200);
    expect(first.body.status).toBe('pending_approval');
    expect(first.body.approvals[0]).toMatchObject({
      decision: 'approved',
      note: '价格合理',
      by: expect.any(String),
    });
    // Nobody decides two levels: the dispatcher cannot take the admin's too.
    expect((await decide(id, 'approve', tokens.dispatcher)).status).toBe(403);
    // The resident sees it, but has nothing to agree to yet.
    expect((await decide(id, 'agree', tokens.resident)).status).toBe(409);

    const second = await decide(id, 'approve', tokens.admin).expect(200);
    expect(second.body.status).toBe('awaiting_resident');
    const seen = await t
      .http()
      .get(`/api/tickets/${ticketId}/surcharges`)
      .set(bearer(tokens.resident))
      .expect(200);
    expect(seen.body[0]).toMatchObject({ id, status: 'awaiting_resident', actions: ['agree', 'decline'] });

    const agreed = await decide(id, 'agree', tokens.resident).expect(200);
    expect(agreed.body.status).toBe('awaiting_payment');

    const events = await t
      .http()
      .get(`/api/tickets/${ticketId}/events`)
      .set(bearer(tokens.admin))
      .expect(200);
    const actions = (events.body as { action: string }[]).map((event) => event.action);
    expect(actions.slice(-5)).toEqual([
      'surcharge_requested',
      'surcharge_approved',
      'surcharge_approved',
      'surcharge_quoted',
      'surcharge_agreed',
    ]);
    const chain = await t.http().get(`/api/tickets/${ticketId}/chain`).set(bearer(tokens.admin)).expect(200);
    expect(chain.body.valid).toBe(true);
  });

  it('needs one level for a small amount, and HQ may decide any level', async () => {
    const ticketId = await takenTicket();
    const requested = await request(ticketId, SMALL).expect(201);
    expect(requested.body.totalFen).toBe(12_100);
    expect(requested.body.approvals.map((level: { role: string }) => level.role)).toEqual(['dispatcher']);
    const approved = await decide(requested.body.id, 'approve', hq).expect(200);
    expect(approved.body.status).toBe('awaiting_resident');
  });

  it('stops at a refusal, and the resident’s refusal goes back with the reason', async () => {
    const refusedTicket = await takenTicket();
    const refusedOne = (await request(refusedTicket, SMALL).expect(201)).body.id as string;
    const refused = await decide(refusedOne, 'refuse', tokens.dispatcher, {
      reason: '请先与住户沟通',
    }).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused', outcomeNote: '请先与住户沟通' });
    expect((await decide(refusedOne, 'approve', tokens.admin)).status).toBe(409);

    const ticketId = await takenTicket();
    const id = (await request(ticketId, SMALL).expect(201)).body.id as string;
    await decide(id, 'approve', tokens.dispatcher).expect(200);
    // Only the reporter answers the quote.
    expect((await decide(id, 'decline', tokens.admin, { reason: '代住户拒绝' })).status).toBe(403);
    // The quote reached the resident's inbox before they answered it.
    await t.app.get(OutboxWorker).runOnce();
    const told = await t.http().get('/api/inbox').set(bearer(tokens.resident)).expect(200);
    expect((told.body.items as { title: string }[]).map((item) => item.title)).toContain(
      `工单 ${(await t.http().get(`/api/tickets/${ticketId}`).set(bearer(tokens.resident))).body.number} 需支付维修费用，请确认`,
    );
    const declined = await decide(id, 'decline', tokens.resident, { reason: '太贵了' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', outcomeNote: '太贵了' });
    const events = await t
      .http()
      .get(`/api/tickets/${ticketId}/events`)
      .set(bearer(tokens.engineer))
      .expect(200);
    expect((events.body as { action: string; note: string | null }[]).at(-1)).toMatchObject({
      action: 'surcharge_declined',
      note: '太贵了',
    });
    // …and the engineer heard of the refusal.
    await t.app.get(OutboxWorker).runOnce();
    const engineerInbox = await t.http().get('/api/inbox').set(bearer(tokens.engineer)).expect(200);
    expect(
      (engineerInbox.body.items as { title: string }[]).some((item) => item.title.endsWith('住户拒绝了加价')),
    ).toBe(true);
    // Declined is over: a new quote may be asked for.
    await request(ticketId, { ...SMALL, lines: [{ name: '人工', quantity: 1, unitPriceFen: 3000 }] }).expect(
      201,
    );
  });

  it('keeps one surcharge under way per ticket, and lets the engineer withdraw it', async () => {
    const ticketId = await takenTicket();
    const id = (await request(ticketId, SMALL).expect(201)).body.id as string;
    const second = await request(ticketId, SMALL).expect(409);
    expect(second.body.code).toBe('SURCHARGE_OPEN');
    const withdrawn = await decide(id, 'withdraw', tokens.engineer, { reason: '住户自行购买配件' }).expect(
      200,
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await decide(id, 'approve', tokens.dispatcher)).status).toBe(409);
    await request(ticketId, SMALL).expect(201);
  });

  it('lets exactly one of ten simultaneous agreements through', async () => {
    const ticketId = await takenTicket();
    const id = (await request(ticketId, SMALL).expect(201)).body.id as string;
    await decide(id, 'approve', tokens.dispatcher).expect(200);
    const answers = await Promise.all(Array.from({ length: 10 }, () => decide(id, 'agree', tokens.resident)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    const events = await t
      .http()
      .get(`/api/tickets/${ticketId}/events`)
      .set(bearer(tokens.admin))
      .expect(200);
    expect(
      (events.body as { action: string }[]).filter((event) => event.action === 'surcharge_agreed'),
    ).toHaveLength(1);
  });

  it('goes straight to the resident where the community needs no approval', async () => {
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin))
      .send({ ...SETTINGS, surcharge: { ...SETTINGS.surcharge, approvalChain: [] } })
      .expect(200);
    try {
      const ticketId = await takenTicket();
      const requested = await request(ticketId, SMALL).expect(201);
      expect(requested.body).toMatchObject({ status: 'awaiting_resident', approvals: [] });
    } finally {
      await t
        .http()
        .put(`/api/communities/${tenant.a.id}/settings`)
        .set(bearer(tokens.admin))
        .send(SETTINGS)
        .expect(200);
    }
  });
});

describe('what a surcharge request must be', () => {
  it('takes amounts from its own lines in whole fen: prices, totals and bad lines are refused (R17)', async () => {
    const ticketId = await takenTicket();
    const bad = await request(ticketId, {
      reason: 'greed',
      lines: [{ name: '', quantity: 0, unitPriceFen: 12.5 }],
    }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.details.fields as object).sort()).toEqual([
      'lines.0.name',
      'lines.0.quantity',
      'lines.0.unitPriceFen',
      'reason',
    ]);
    const withTotal = await request(ticketId, { ...SMALL, totalFen: 1 }).expect(400);
    expect(withTotal.body.code).toBe('VALIDATION_FAILED');
    expect((await request(ticketId, { ...SMALL, lines: [] })).status).toBe(400);
    const tooMuch = await request(ticketId, {
      reason: 'over_budget',
      lines: [{ name: '整体翻新', quantity: 200, unitPriceFen: 10_000_000 }],
    }).expect(400);
    expect(tooMuch.body.code).toBe('SURCHARGE_TOO_LARGE');
  });

  it('comes from the engineers on the job while the job is on, with photos only', async () => {
    const reported = await reportTicket(t, tokens.resident, tenant.a);
    expect((await request(reported.id, SMALL)).status).toBe(409);
    const ticketId = await takenTicket();
    expect((await request(ticketId, SMALL, tokens.resident)).status).toBe(403);
    const upload = async (file: Buffer, name: string) =>
      (
        await t
          .http()
          .post('/api/attachments')
          .set(bearer(tokens.engineer))
          .field('communityId', tenant.a.id)
          .attach('file', file, name)
          .expect(201)
      ).body.id as string;
    const video = await upload(mp4(), 'clip.mp4');
    const refused = await request(ticketId, { ...SMALL, photoIds: [video] }).expect(400);
    expect(refused.body.code).toBe('ATTACHMENT_INVALID');
    const photo = await upload(png(), 'damage.png');
    const withPhoto = await request(ticketId, { ...SMALL, photoIds: [photo] }).expect(201);
    expect(withPhoto.body.photoIds).toEqual([photo]);
  });

  it('is not there for another organisation', async () => {
    const ticketId = await takenTicket();
    const id = (await request(ticketId, SMALL).expect(201)).body.id as string;
    const theirs = (await login(t, other.hq.username)).accessToken;
    expect((await t.http().get(`/api/surcharges/${id}`).set(bearer(theirs))).status).toBe(404);
    const attempt = await decide(id, 'approve', theirs);
    expect(attempt.status).toBe(404);
    expect(attempt.body.code).toBe('SURCHARGE_NOT_FOUND');
    const theirList = await t.http().get('/api/surcharges').set(bearer(theirs)).expect(200);
    expect((theirList.body.items as { id: string }[]).some((row) => row.id === id)).toBe(false);
  });
});
