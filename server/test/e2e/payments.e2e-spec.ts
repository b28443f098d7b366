import { startFakeWechatPay, type FakeWechatPay } from '@smart-repair/fake-platforms';
import { DEFAULT_COMMUNITY_SETTINGS } from '@smart-repair/shared';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { PaymentMerchantsService } from '../../src/modules/payments/payment-merchants.service';
import { PaymentOrderEntity } from '../../src/modules/payments/entities/payment-order.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { agreedSurcharge, freePort, paymentEnv, setUpMerchant } from '../support/payments';
import { startTestApp, type TestApp } from '../support/test-app';

let pay: FakeWechatPay;
let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;
let admin: string;
let rooms = 0;

/** Every report is its own ticket: duplicate linking off. */
const SETTINGS = {
  ...DEFAULT_COMMUNITY_SETTINGS,
  dispatch: { ...DEFAULT_COMMUNITY_SETTINGS.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 },
};

function startPayment(surchargeId: string, token: string) {
  return t.http().post(`/api/surcharges/${surchargeId}/payment`).set(bearer(token)).send({});
}

async function surchargeOf(id: string) {
  return (await t.http().get(`/api/surcharges/${id}`).set(bearer(admin)).expect(200)).body as {
    status: string;
    paidFen: number;
    refundedFen: number;
  };
}

async function eventsOf(
  ticketId: string,
): Promise<{ action: string; data: Record<string, unknown> | null }[]> {
  return (await t.http().get(`/api/tickets/${ticketId}/events`).set(bearer(admin)).expect(200)).body;
}

async function ledgerOf(communityId: string) {
  // Up to tomorrow: reconciliation runs at clocks moved past the orders' limits.
  const to = new Date(Date.now() + 24 * 3600_000).toISOString();
  const query = `communityId=${communityId}&pageSize=100&to=${to}`;
  return (await t.http().get(`/api/ledger?${query}`).set(bearer(admin)).expect(200)).body as {
    items: { kind: string; amountFen: number; concernsFen: number; note: string; surchargeId: string }[];
    totals: { paymentsFen: number; refundsFen: number; netFen: number; problems: number };
    days: { day: string; paymentsFen: number; refundsFen: number; problems: number }[];
  };
}

function reconcile(at: Date) {
  return t.app.get(PaymentsService).reconcile(at);
}

beforeAll(async () => {
  pay = await startFakeWechatPay({ port: 0, timeScale: 0.0001, replyTimeoutMs: 5000 });
  const port = await freePort();
  t = await startTestApp(paymentEnv(pay, port));
  tenant = await createTenant(t.dataSource);
  other = await createTenant(t.dataSource);
  await setUpMerchant(t, pay, tenant);
  admin = (await login(t, tenant.a.users.admin.username)).accessToken;
  await t
    .http()
    .put(`/api/communities/${tenant.a.id}/settings`)
    .set(bearer(admin))
    .send(SETTINGS)
    .expect(200);
});

afterAll(async () => {
  await t?.close();
  await pay?.close();
});

async function agreed() {
  rooms += 1;
  return agreedSurcharge(t, tenant.a, rooms % 8);
}

describe('paying a surcharge with WeChat Pay (F2.7)', () => {
  it('answers one order for any number of taps, and is paid only on WeChat Pay’s word, once (R12, R16, R17)', async () => {
    const { surchargeId, ticketId, resident } = await agreed();
    const before = pay.calls('/v3/pay/transactions/jsapi');
    const taps = await Promise.all(Array.from({ length: 10 }, () => startPayment(surchargeId, resident)));
    expect(taps.map((tap) => tap.status)).toEqual(Array(10).fill(200));
    const numbers = new Set(taps.map((tap) => tap.body.outTradeNo as string));
    expect(numbers.size).toBe(1);
    expect(pay.calls('/v3/pay/transactions/jsapi') - before).toBe(1);
    const [first] = taps;
    expect(first!.body).toMatchObject({
      amountFen: 12_100,
      demo: false,
      requestPayment: { signType: 'RSA' },
    });
    expect(first!.body.requestPayment.package).toMatch(/^prepay_id=/);
    const outTradeNo = first!.body.outTradeNo as string;
    expect(pay.order(outTradeNo)?.totalFen).toBe(12_100);
    // Not paid until WeChat Pay says so.
    expect((await surchargeOf(surchargeId)).status).toBe('awaiting_payment');

    pay.payOrder(outTradeNo);
    await pay.idle();
    expect(await surchargeOf(surchargeId)).toMatchObject({ status: 'paid', paidFen: 12_100 });
    // The same notification fifteen times in a row and ten at once: every answer a success.
    for (let i = 0; i < 15; i += 1) pay.notifyAgain(outTradeNo);
    await pay.idle();
    await Promise.all(Array.from({ length: 10 }, () => pay.notifyAgain(outTradeNo)));
    await pay.idle();
    const answers = pay.notificationLog().filter((attempt) => attempt.outTradeNo === outTradeNo);
    expect(answers.length).toBeGreaterThanOrEqual(26);
    expect(
      answers.every(
        (attempt) => attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300,
      ),
    ).toBe(true);
    const events = (await eventsOf(ticketId)).filter((event) => event.action === 'payment_received');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ amountFen: 12_100, source: 'notification' });
    const book = await ledgerOf(tenant.a.id);
    expect(
      book.items.filter((item) => item.kind === 'payment' && item.surchargeId === surchargeId),
    ).toHaveLength(1);
    // Paid: no second order.
    expect((await startPayment(surchargeId, resident)).status).toBe(409);
  });

  it('refuses forged, probing, stale and tampered notifications and changes nothing (R11)', async () => {
    const { surchargeId, resident } = await agreed();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    pay.holdNotifications();
    pay.payOrder(outTradeNo);
    for (const forge of [
      'bad_signature',
      'signtest',
      'stale_timestamp',
      'unknown_serial',
      'tampered_body',
      'tampered_ciphertext',
    ] as const) {
      const note = pay.signedNotification(outTradeNo, { forge });
      const answer = await fetch(note.url, { method: 'POST', headers: note.headers, body: note.body });
      expect({ forge, status: answer.status }).toEqual({ forge, status: 400 });
    }
    const missing = pay.signedNotification(outTradeNo);
    const bare = await fetch(missing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: missing.body,
    });
    expect(bare.status).toBe(400);
    expect((await surchargeOf(surchargeId)).status).toBe('awaiting_payment');
    pay.releaseNotifications();
    await pay.idle();
    expect((await surchargeOf(surchargeId)).status).toBe('paid');
  });

  it('refuses a well-signed notification that does not match the order, and raises an alarm (R13)', async () => {
    const { surchargeId, resident } = await agreed();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    pay.holdNotifications();
    pay.payOrder(outTradeNo);
    for (const forge of ['wrong_amount', 'other_appid', 'other_mchid'] as const) {
      const note = pay.signedNotification(outTradeNo, { forge });
      const answer = await fetch(note.url, { method: 'POST', headers: note.headers, body: note.body });
      expect({ forge, status: answer.status }).toEqual({ forge, status: 400 });
    }
    expect((await surchargeOf(surchargeId)).status).toBe('awaiting_payment');
    const alarms = (await ledgerOf(tenant.a.id)).items.filter(
      (item) => item.kind === 'alarm' && item.surchargeId === surchargeId,
    );
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    pay.releaseNotifications();
    await pay.idle();
  });

  it('finds a payment whose notification was lost, by asking within a minute (R14)', async () => {
    const { surchargeId, ticketId, resident } = await agreed();
    const asked = Date.now();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    pay.faultNextNotifications(1, { lose: true });
    pay.payOrder(outTradeNo);
    await pay.idle();
    expect((await surchargeOf(surchargeId)).status).toBe('awaiting_payment');
    const order = await t.dataSource.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo });
    expect(order.nextCheckAt!.getTime() - asked).toBeLessThanOrEqual(60_000 + 5_000);
    await reconcile(new Date(order.nextCheckAt!.getTime() + 1));
    expect((await surchargeOf(surchargeId)).status).toBe('paid');
    const received = (await eventsOf(ticketId)).filter((event) => event.action === 'payment_received');
    expect(received).toHaveLength(1);
    expect(received[0]!.data).toMatchObject({ source: 'query' });
  });

  it('closes an unpaid order at its limit and lets the resident pay with a new one (R15)', async () => {
    const { surchargeId, resident } = await agreed();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    const order = await t.dataSource.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo });
    // Never under five minutes: the community's default gives thirty.
    expect(order.expiresAt.getTime() - order.createdAt.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
    await reconcile(new Date(order.nextCheckAt!.getTime() + 1));
    expect(
      (await t.dataSource.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo })).status,
    ).toBe('open');
    await reconcile(new Date(order.expiresAt.getTime() + 1));
    expect(
      (await t.dataSource.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo })).status,
    ).toBe('closed');
    expect(pay.order(outTradeNo)?.tradeState).toBe('CLOSED');
    const book = await ledgerOf(tenant.a.id);
    const closed = book.items.find(
      (item) => item.kind === 'payment_closed' && item.surchargeId === surchargeId,
    );
    expect({ closed, kinds: book.items.map((item) => item.kind) }).toMatchObject({
      closed: { amountFen: 0, concernsFen: 12_100 },
    });
    const again = await startPayment(surchargeId, resident).expect(200);
    expect(again.body.outTradeNo).not.toBe(outTradeNo);
  });

  it('ends paid when the payer paid between the last look and the close (ORDERPAID, R15)', async () => {
    const { surchargeId, resident } = await agreed();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    const order = await t.dataSource.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo });
    pay.faultNextNotifications(1, { lose: true });
    pay.payOrder(outTradeNo);
    await pay.idle();
    // The race, made certain: the last look still saw it unpaid, the close then meets ORDERPAID.
    const { gateway } = (await t.app.get(PaymentMerchantsService).byId(order.merchantId))!;
    const query = gateway.queryOrder.bind(gateway);
    let looks = 0;
    gateway.queryOrder = async (no: string) => {
      looks += 1;
      const found = await query(no);
      return looks === 1 && found !== null ? { ...found, tradeState: 'NOTPAY' } : found;
    };
    try {
      await reconcile(new Date(order.expiresAt.getTime() + 1));
    } finally {
      gateway.queryOrder = query;
    }
    expect(looks).toBe(2);
    expect((await surchargeOf(surchargeId)).status).toBe('paid');
    expect(pay.order(outTradeNo)?.tradeState).toBe('SUCCESS');
  });

  it('refunds in part and in full, never more than was paid, and books it all', async () => {
    const { surchargeId, ticketId, resident } = await agreed();
    const outTradeNo = (await startPayment(surchargeId, resident).expect(200)).body.outTradeNo as string;
    pay.payOrder(outTradeNo);
    await pay.idle();
    const refund = (amountFen: number, token = admin) =>
      t
        .http()
        .post(`/api/surcharges/${surchargeId}/refunds`)
        .set(bearer(token))
        .send({ amountFen, reason: '部分材料未使用' });
    expect((await refund(5000, resident)).status).toBe(403);
    const part = await refund(5000).expect(201);
    expect(part.body.amountFen).toBe(5000);
    // Accepted now, settled by WeChat Pay's REFUND.SUCCESS notification.
    expect(['processing', 'succeeded']).toContain(part.body.status);
    await pay.idle();
    const listed = await t
      .http()
      .get(`/api/surcharges/${surchargeId}/refunds`)
      .set(bearer(admin))
      .expect(200);
    expect(listed.body[0]).toMatchObject({ amountFen: 5000, status: 'succeeded' });
    expect(await surchargeOf(surchargeId)).toMatchObject({ status: 'paid', refundedFen: 5000 });
    const tooMuch = await refund(7101).expect(400);
    expect(tooMuch.body.code).toBe('REFUND_TOO_LARGE');
    await refund(7100).expect(201);
    await pay.idle();
    expect(await surchargeOf(surchargeId)).toMatchObject({ status: 'refunded', refundedFen: 12_100 });
    const events = (await eventsOf(ticketId)).filter((event) => event.action === 'surcharge_refunded');
    expect(events).toHaveLength(2);
    const mine = (await ledgerOf(tenant.a.id)).items.filter((item) => item.surchargeId === surchargeId);
    expect(mine.map((item) => [item.kind, item.amountFen]).sort()).toEqual(
      [
        ['payment', 12_100],
        ['refund', -5000],
        ['refund', -7100],
      ].sort(),
    );
  });
});

describe('who pays, and who reads the ledger', () => {
  it('lets only the reporter pay, only once agreed, only where payment is set up', async () => {
    const { surchargeId } = await agreed();
    const engineer = (await login(t, tenant.a.users.engineer.username)).accessToken;
    expect((await startPayment(surchargeId, engineer)).status).toBe(403);
    const otherAdmin = (await login(t, other.a.users.admin.username)).accessToken;
    await t
      .http()
      .put(`/api/communities/${other.a.id}/settings`)
      .set(bearer(otherAdmin))
      .send(SETTINGS)
      .expect(200);
    const unset = await agreedSurcharge(t, other.a);
    const refused = await startPayment(unset.surchargeId, unset.resident).expect(409);
    expect(refused.body.code).toBe('PAYMENT_NOT_CONFIGURED');
    expect((await startPayment(surchargeId, unset.resident)).status).toBe(404);
  });

  it('keeps the books per organisation, with daily totals', async () => {
    const book = await ledgerOf(tenant.a.id);
    expect(book.totals.paymentsFen).toBeGreaterThanOrEqual(12_100);
    expect(book.totals.netFen).toBe(book.totals.paymentsFen - book.totals.refundsFen);
    // The daily totals are China-time days and add up to the range's.
    expect(book.days.length).toBeGreaterThanOrEqual(1);
    expect(book.days.every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day.day))).toBe(true);
    expect(book.days.reduce((sum, day) => sum + day.paymentsFen, 0)).toBe(book.totals.paymentsFen);
    expect(book.days.reduce((sum, day) => sum + day.refundsFen, 0)).toBe(book.totals.refundsFen);
    expect(book.days.reduce((sum, day) => sum + day.problems, 0)).toBe(book.totals.problems);
    const hq = (await login(t, other.hq.username)).accessToken;
    expect((await t.http().get(`/api/ledger?communityId=${tenant.a.id}`).set(bearer(hq))).status).toBe(404);
    const theirs = await t.http().get('/api/ledger').set(bearer(hq)).expect(200);
    expect(theirs.body.total).toBe(0);
    const engineer = (await login(t, tenant.a.users.engineer.username)).accessToken;
    expect((await t.http().get('/api/ledger').set(bearer(engineer))).status).toBe(403);
  });

  it('never answers the merchant’s keys', async () => {
    const hq = (await login(t, tenant.hq.username)).accessToken;
    const merchant = await t.http().get('/api/payment-merchant').set(bearer(hq)).expect(200);
    expect(merchant.body).toMatchObject({ verificationMode: 'certificate' });
    expect(JSON.stringify(merchant.body)).not.toMatch(/PRIVATE KEY|apiV3Key/);
  });
});
