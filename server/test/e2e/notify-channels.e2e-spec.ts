import { type Delivery, type FakePlatforms, startFakePlatforms } from '@smart-repair/fake-platforms';
import {
  DEFAULT_NOTIFICATION_RULES,
  type NotificationRule,
  type PlatformAppKind,
} from '@smart-repair/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG } from '../../src/config/config.module';
import type { AppConfig } from '../../src/config/app-config';
import { newId } from '../../src/database/ids';
import { PlatformIdentityEntity } from '../../src/modules/identity/entities/platform-identity.entity';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../../src/modules/notify/delivery-channel';
import { DeliveryAttemptEntity } from '../../src/modules/notify/entities/delivery-attempt.entity';
import { NotificationConsentEntity } from '../../src/modules/notify/entities/notification-consent.entity';
import { OutboxMessageEntity } from '../../src/modules/notify/entities/outbox-message.entity';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker';
import { createTenant, type TestCommunity, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

const WECHAT = 'wx-notify-app';
const WECOM = 'ww-notify-corp';
const DINGTALK = 'ding-notify-key';
const WECOM_AGENT = 1000002;
const DINGTALK_AGENT = 40001;
const TEMPLATE = 'TPL-ticket-status';
const SUBSCRIBE = '/cgi-bin/message/subscribe/send';
const WECOM_SEND = '/cgi-bin/message/send';
const DINGTALK_SEND = '/topapi/message/corpconversation/asyncsend_v2';

/** The default rules with a WeChat template chosen for every rule that has one. */
function rulesWithTemplate(): NotificationRule[] {
  return DEFAULT_NOTIFICATION_RULES.map((rule) => ({
    ...rule,
    templates:
      rule.templates.wechat_subscribe === undefined
        ? rule.templates
        : {
            ...rule.templates,
            wechat_subscribe: { ...rule.templates.wechat_subscribe, templateId: TEMPLATE },
          },
  }));
}

/** F3 through the platforms (R20, R21): WeChat, WeCom and DingTalk, each through the fake. */
describe('notification channels', () => {
  let fake: FakePlatforms;
  let t: TestApp;
  let tenant: TestTenant;
  let a: TestCommunity;
  let tokens: Record<'resident' | 'engineer' | 'admin' | 'dispatcher', string>;
  let hq: string;
  let worker: OutboxWorker;
  let room = 0;
  /** A moving clock for worker passes, so backoff waits pass at once. */
  let clock = Date.now();

  const pass = (advanceMs = 0) => {
    clock = Math.max(clock, Date.now()) + advanceMs;
    return worker.runOnce(new Date(clock));
  };
  const report = () => reportTicket(t, tokens.resident, a, {}, room++ % 8);
  const delivered = (platform: 'wechat' | 'wecom' | 'dingtalk', path: string): Delivery[] =>
    fake.delivered(platform).filter((delivery) => delivery.path === path);
  const rowsOf = (ticketId: string, channel: string) =>
    t.dataSource.getRepository(OutboxMessageEntity).find({ where: { ticketId, channel } });
  const inboxTitles = async (token: string) =>
    (await t.http().get('/api/inbox').set(bearer(token))).body.items.map((m: { title: string }) => m.title);
  const consent = (results: Record<string, string>) =>
    t.http().post('/api/notifications/consents').set(bearer(tokens.resident)).send({ results });

  async function link(userId: string, kind: PlatformAppKind, appId: string, subject: string): Promise<void> {
    await t.dataSource.getRepository(PlatformIdentityEntity).insert({
      id: newId(),
      organizationId: tenant.organizationId,
      userId,
      kind,
      appId,
      subject,
      unionId: null,
      lastLoginAt: null,
    });
  }

  async function registerApp(kind: PlatformAppKind, appId: string, agentId?: number): Promise<void> {
    await t
      .http()
      .post('/api/platform-apps')
      .set(bearer(hq))
      .send({ kind, appId, name: `测试${kind}`, secret: `secret-${appId}`, agentId: agentId?.toString() })
      .expect(201);
  }

  beforeAll(async () => {
    fake = await startFakePlatforms({ port: 0 });
    t = await startTestApp({
      WECHAT_API_BASE: fake.baseUrls.wechat,
      WECOM_API_BASE: fake.baseUrls.wecom,
      DINGTALK_OAPI_BASE: fake.baseUrls.dingtalkOapi,
      DINGTALK_API_BASE: fake.baseUrls.dingtalkApi,
      BAIDU_OPENAPI_BASE: fake.baseUrls.baidu,
    });
    tenant = await createTenant(t.dataSource);
    a = tenant.a;
    tokens = await loginRoles(t, a, ['resident', 'engineer', 'admin', 'dispatcher'] as const);
    hq = (await login(t, tenant.hq.username)).accessToken;
    worker = t.app.get(OutboxWorker);
    const settings = await t.http().get(`/api/communities/${a.id}/settings`).set(bearer(tokens.admin));
    await t
      .http()
      .put(`/api/communities/${a.id}/settings`)
      .set(bearer(tokens.admin))
      .send({
        ...settings.body,
        dispatch: { ...settings.body.dispatch, maxOpenPerEngineer: 100, duplicateWindowHours: 0 },
      })
      .expect(200);

    fake.addApp('wechat', { appid: WECHAT, secret: `secret-${WECHAT}` });
    fake.addApp('wecom', {
      corpid: WECOM,
      secret: `secret-${WECOM}`,
      agentId: WECOM_AGENT,
      users: ['eng-a', 'adm-a'],
    });
    fake.addApp('dingtalk', { appKey: DINGTALK, secret: `secret-${DINGTALK}`, agentId: DINGTALK_AGENT });
    await registerApp('wechat_miniprogram', WECHAT);
    await registerApp('wecom', WECOM, WECOM_AGENT);
    await registerApp('dingtalk', DINGTALK, DINGTALK_AGENT);
    await link(a.users.resident.id, 'wechat_miniprogram', WECHAT, 'o-resident');
    await link(a.users.engineer.id, 'wecom', WECOM, 'eng-a');
    await link(a.users.admin.id, 'wecom', WECOM, 'adm-a');
    await link(a.users.dispatcher.id, 'dingtalk', DINGTALK, 'disp-a');
    await chooseTemplates();
  });

  /** HQ saves the default rules with the WeChat template chosen. */
  const chooseTemplates = () =>
    t.http().put('/api/notification-rules').set(bearer(hq)).send({ rules: rulesWithTemplate() }).expect(200);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('sends a WeChat subscribe message per consent, a WeCom card and a DingTalk notice, and always the inbox', async () => {
    // The platform holds exactly the two consents the person gives.
    fake.grantSubscribe(WECHAT, 'o-resident', TEMPLATE, 2);
    expect((await consent({ [TEMPLATE]: 'accept' })).status).toBe(200);
    const answer = await consent({ [TEMPLATE]: 'accept', 'TPL-other': 'reject' });
    expect(answer.body).toEqual({
      appId: WECHAT,
      templates: [expect.objectContaining({ templateId: TEMPLATE, remaining: 2 })],
    });
    expect(answer.body.templates[0].events).toEqual(expect.arrayContaining(['accept', 'dispatch', 'take']));

    const ticket = await report();
    await pass();
    const [subscribe] = delivered('wechat', SUBSCRIBE);
    expect(delivered('wechat', SUBSCRIBE)).toHaveLength(1);
    expect(subscribe!.body).toEqual({
      touser: 'o-resident',
      template_id: TEMPLATE,
      page: `pages/ticket/detail?id=${ticket.id}`,
      lang: 'zh_CN',
      data: {
        character_string1: { value: ticket.number },
        phrase2: { value: '待接单' },
        thing3: { value: `工单 ${ticket.number} 已派工` },
        time4: { value: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/) },
      },
    });
    const cards = delivered('wecom', WECOM_SEND);
    expect(cards).toHaveLength(1);
    const row = (await rowsOf(ticket.id, 'wecom_card'))[0]!;
    expect(cards[0]!.body).toEqual({
      touser: 'eng-a',
      msgtype: 'template_card',
      agentid: WECOM_AGENT,
      template_card: expect.objectContaining({
        card_type: 'text_notice',
        main_title: { title: `新工单 ${ticket.number} 待接单`, desc: expect.any(String) },
        card_action: { type: 2, appid: WECHAT, pagepath: `pages/ticket/detail?id=${ticket.id}` },
        task_id: `notice-${row.id}`,
      }),
    });
    expect(await inboxTitles(tokens.engineer)).toContain(`新工单 ${ticket.number} 待接单`);
    expect(await inboxTitles(tokens.resident)).toContain(`工单 ${ticket.number} 已派工`);

    // The engineer takes the order (the second consent), then hands it back to the dispatchers.
    await act(t, tokens.engineer, ticket.id, 'take').expect(200);
    await act(t, tokens.engineer, ticket.id, 'return', { reason: '不属于本工种' }).expect(204);
    await pass();
    expect(delivered('wechat', SUBSCRIBE)).toHaveLength(2);
    const notices = delivered('dingtalk', DINGTALK_SEND);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toMatchObject({
      agent_id: DINGTALK_AGENT,
      userid_list: 'disp-a',
      msg: {
        msgtype: 'action_card',
        action_card: {
          title: `工单 ${ticket.number} 被退回，请重新派工`,
          single_title: '查看工单',
          markdown: expect.stringContaining(ticket.number),
        },
      },
    });

    // No consent left: the close reaches the resident in the inbox only.
    await act(t, tokens.admin, ticket.id, 'close', { reason: '住户自行修好' }).expect(200);
    await pass();
    expect(delivered('wechat', SUBSCRIBE)).toHaveLength(2);
    const closed = (await rowsOf(ticket.id, 'wechat_subscribe')).find((r) => r.kind === 'ticket.close')!;
    expect(closed).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('no subscribe consent'),
    });
    expect(await inboxTitles(tokens.resident)).toContain(`工单 ${ticket.number} 已关闭`);
    const mine = await t.http().get('/api/notifications/consents').set(bearer(tokens.resident));
    expect(mine.body.templates[0].remaining).toBe(0);
  });

  it('zeroes the consents on 43101 and does not retry', async () => {
    // We count one consent; the platform has none (the person used it elsewhere).
    await consent({ [TEMPLATE]: 'accept' }).expect(200);
    const before = fake.calls(SUBSCRIBE);
    const ticket = await report();
    await pass();
    expect(fake.calls(SUBSCRIBE) - before).toBe(1);
    const [row] = await rowsOf(ticket.id, 'wechat_subscribe');
    expect(row).toMatchObject({ status: 'skipped', attempts: 1 });
    const stored = await t.dataSource
      .getRepository(NotificationConsentEntity)
      .findOneByOrFail({ userId: a.users.resident.id, templateId: TEMPLATE });
    expect(stored.remaining).toBe(0);
    await pass(3_600_000);
    expect(fake.calls(SUBSCRIBE) - before).toBe(1);
    const attempts = await t.dataSource.getRepository(DeliveryAttemptEntity).findBy({ outboxId: row!.id });
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'skipped', errorCode: '43101' })]);
  });

  it('fetches a new token when the platform refuses the old one, and sends once', async () => {
    await pass();
    const sent = delivered('wecom', WECOM_SEND).length;
    const tokenCalls = fake.calls('/cgi-bin/gettoken');
    expect(fake.expireToken('wecom', 'all')).toBeGreaterThan(0);
    const ticket = await report();
    await pass();
    expect(delivered('wecom', WECOM_SEND).length - sent).toBe(1);
    expect(fake.calls('/cgi-bin/gettoken') - tokenCalls).toBe(1);
    expect((await rowsOf(ticket.id, 'wecom_card'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries through an outage (5xx, busy, a timeout) with backoff, then delivers exactly once', async () => {
    const sent = delivered('wecom', WECOM_SEND).length;
    const notices = delivered('dingtalk', DINGTALK_SEND).length;
    fake.failNext(WECOM_SEND, 2, { status: 503 });
    fake.failNext(WECOM_SEND, 1, { errcode: 45011 });
    const ticket = await report();
    await pass();
    const [row] = await rowsOf(ticket.id, 'wecom_card');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    for (let step = 0; step < 5; step += 1) await pass(3_600_000);
    expect(delivered('wecom', WECOM_SEND).length - sent).toBe(1);
    const detail = await t.http().get(`/api/notification-deliveries/${row!.id}`).set(bearer(tokens.admin));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'sent', attempts: 4, channel: 'wecom_card' });
    expect(
      detail.body.attemptLog.map((attempt: { outcome: string; errorCode: string | null }) => [
        attempt.outcome,
        attempt.errorCode,
      ]),
    ).toEqual([
      ['retry', '-1'],
      ['retry', '-1'],
      ['retry', '45011'],
      ['sent', null],
    ]);

    // A timeout: the platform may have sent it. WeCom knows the card's task_id and refuses it
    // the second time, so the person still sees one card.
    fake.failNext(WECOM_SEND, 1, { delayMs: 6_000 });
    fake.failNext(DINGTALK_SEND, 2, { status: 500 });
    // The order goes back to the dispatchers, whose DingTalk answers 500 twice.
    await act(t, tokens.engineer, ticket.id, 'return', { reason: '配件不全' }).expect(204);
    const again = await report();
    await pass();
    const [timedOut] = await rowsOf(again.id, 'wecom_card');
    expect(timedOut).toMatchObject({ status: 'pending', lastError: expect.stringContaining('timeout') });
    await sleep(1_500); // the fake finishes the slow send after our client gave up
    for (let step = 0; step < 4; step += 1) await pass(3_600_000);
    const forCard = delivered('wecom', WECOM_SEND).filter(
      (delivery) => (delivery.body.template_card as { task_id: string }).task_id === `notice-${timedOut!.id}`,
    );
    expect(forCard).toHaveLength(1);
    expect((await rowsOf(again.id, 'wecom_card'))[0]).toMatchObject({ status: 'sent' });
    expect(delivered('dingtalk', DINGTALK_SEND).length - notices).toBe(1);
  }, 30_000);

  it('marks a permanent refusal dead at once (81013: nobody valid)', async () => {
    await t.dataSource
      .getRepository(PlatformIdentityEntity)
      .update({ userId: a.users.engineer.id, kind: 'wecom' }, { subject: 'left-the-company' });
    try {
      const ticket = await report();
      await pass();
      const [row] = await rowsOf(ticket.id, 'wecom_card');
      expect(row).toMatchObject({ status: 'dead', attempts: 1 });
      expect(row!.lastError).toContain('81013');
    } finally {
      await t.dataSource
        .getRepository(PlatformIdentityEntity)
        .update({ userId: a.users.engineer.id, kind: 'wecom' }, { subject: 'eng-a' });
    }
  });

  it('sends again, once, what a worker killed mid-send had claimed', async () => {
    const sent = delivered('wecom', WECOM_SEND).length;
    const ticket = await report();
    const [row] = await rowsOf(ticket.id, 'wecom_card');
    const now = new Date(Math.max(clock, Date.now()));
    // A worker claimed the card, started its attempt and died before settling it.
    await t.dataSource
      .getRepository(OutboxMessageEntity)
      .update(
        { id: row!.id },
        { status: 'sending', lockedBy: 'dead-worker', lockedUntil: new Date(now.getTime() + 30_000) },
      );
    await t.dataSource.getRepository(DeliveryAttemptEntity).insert({
      id: newId(),
      outboxId: row!.id,
      worker: 'dead-worker',
      startedAt: new Date(Date.now() - 1_000),
      finishedAt: null,
      outcome: null,
      errorCode: null,
      error: null,
    });
    clock = now.getTime();
    await pass();
    expect(delivered('wecom', WECOM_SEND).length - sent).toBe(0);
    await pass(31_000);
    expect(delivered('wecom', WECOM_SEND).length - sent).toBe(1);
    await pass(3_600_000);
    expect(delivered('wecom', WECOM_SEND).length - sent).toBe(1);
    const detail = await t.http().get(`/api/notification-deliveries/${row!.id}`).set(bearer(hq));
    expect(detail.body.attemptLog.map((attempt: { outcome: string }) => attempt.outcome)).toEqual([
      'interrupted',
      'sent',
    ]);
  });

  it('lets two workers deliver at once without sending anything twice (R20)', async () => {
    await pass();
    fake.grantSubscribe(WECHAT, 'o-resident', TEMPLATE, 20);
    for (let i = 0; i < 6; i += 1) await consent({ [TEMPLATE]: 'accept' }).expect(200);
    const before = {
      wecom: delivered('wecom', WECOM_SEND).length,
      wechat: delivered('wechat', SUBSCRIBE).length,
    };
    const tickets = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await report());
    const channels = t.app.get<symbol, DeliveryChannel[]>(DELIVERY_CHANNELS);
    const config = t.app.get<symbol, AppConfig>(APP_CONFIG);
    const [one, two] = [
      new OutboxWorker(t.dataSource, config, channels),
      new OutboxWorker(t.dataSource, config, channels),
    ];
    const at = new Date(Math.max(clock, Date.now()));
    await Promise.all([one.runOnce(at), two.runOnce(at), one.runOnce(at), two.runOnce(at)]);
    const cards = delivered('wecom', WECOM_SEND).slice(before.wecom);
    const taskIds = cards.map((card) => (card.body.template_card as { task_id: string }).task_id);
    expect(taskIds).toHaveLength(6);
    expect(new Set(taskIds).size).toBe(6);
    expect(delivered('wechat', SUBSCRIBE).length - before.wechat).toBe(6);
    const pages = delivered('wechat', SUBSCRIBE)
      .slice(before.wechat)
      .map((message) => message.body.page);
    expect(new Set(pages).size).toBe(6);
    const remaining = await t.dataSource
      .getRepository(NotificationConsentEntity)
      .findOneByOrFail({ userId: a.users.resident.id, templateId: TEMPLATE });
    expect(remaining.remaining).toBe(0);
    for (const ticket of tickets)
      for (const row of await t.dataSource.getRepository(OutboxMessageEntity).findBy({ ticketId: ticket.id }))
        expect(row.status).toBe('sent');
  });

  it('follows the organisation’s own rules: who is told, and on which platform', async () => {
    const rules = rulesWithTemplate().map((rule) => {
      if (rule.event !== 'dispatch') return rule;
      // New orders: the engineer and the dispatchers, on DingTalk only; residents are not told.
      return rule.audience.includes('assignee')
        ? { ...rule, audience: ['assignee', 'dispatchers'] as const, channels: ['dingtalk_notice'] as const }
        : { ...rule, enabled: false };
    });
    const admin = await t.http().put('/api/notification-rules').set(bearer(tokens.admin)).send({ rules });
    expect(admin.status).toBe(403);
    const bad = await t
      .http()
      .put('/api/notification-rules')
      .set(bearer(hq))
      .send({ rules: [{ ...rules[0], title: '工单 {numbr}' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems).toEqual(['rules[0].title: unknown placeholder {numbr}']);
    const saved = await t.http().put('/api/notification-rules').set(bearer(hq)).send({ rules });
    expect(saved.status).toBe(200);
    expect(saved.body.customized).toBe(true);
    const read = await t.http().get('/api/notification-rules').set(bearer(tokens.admin));
    expect(read.body.rules).toHaveLength(rules.length);

    await pass();
    const cards = delivered('wecom', WECOM_SEND).length;
    const notices = delivered('dingtalk', DINGTALK_SEND).length;
    const ticket = await report();
    await pass();
    expect(delivered('wecom', WECOM_SEND).length).toBe(cards);
    const newNotices = delivered('dingtalk', DINGTALK_SEND).slice(notices);
    expect(newNotices.map((notice) => notice.body.userid_list)).toEqual(['disp-a']);
    expect(await inboxTitles(tokens.dispatcher)).toContain(`新工单 ${ticket.number} 待接单`);
    expect(await inboxTitles(tokens.engineer)).toContain(`新工单 ${ticket.number} 待接单`);
    expect(await inboxTitles(tokens.resident)).not.toContain(`工单 ${ticket.number} 已派工`);

    // Another organisation still has the defaults.
    const other = await createTenant(t.dataSource);
    const otherHq = (await login(t, other.hq.username)).accessToken;
    const theirs = await t.http().get('/api/notification-rules').set(bearer(otherHq));
    expect(theirs.body.customized).toBe(false);
    // An empty set returns to the defaults.
    const reset = await t.http().put('/api/notification-rules').set(bearer(hq)).send({ rules: [] });
    expect(reset.body).toMatchObject({ customized: false });
    expect(reset.body.rules).toHaveLength(DEFAULT_NOTIFICATION_RULES.length);
  });

  it('lists deliveries by status, channel, person, ticket and time, within the caller’s communities', async () => {
    const list = (token: string, query: string) =>
      t.http().get(`/api/notification-deliveries${query}`).set(bearer(token));
    const dead = await list(tokens.admin, '?status=dead&channel=wecom_card');
    expect(dead.status).toBe(200);
    expect(dead.body.total).toBe(1);
    expect(dead.body.items[0]).toMatchObject({
      status: 'dead',
      channel: 'wecom_card',
      recipientId: a.users.engineer.id,
      recipientName: expect.any(String),
      lastError: expect.stringContaining('81013'),
    });
    const ticketId = dead.body.items[0].ticketId as string;
    const forTicket = await list(tokens.admin, `?ticketId=${ticketId}`);
    expect(forTicket.body.items.every((item: { ticketId: string }) => item.ticketId === ticketId)).toBe(true);
    expect(forTicket.body.items.map((item: { channel: string }) => item.channel)).toEqual(
      expect.arrayContaining(['inbox', 'wecom_card']),
    );
    const forPerson = await list(
      tokens.admin,
      `?recipientId=${a.users.resident.id}&channel=wechat_subscribe`,
    );
    expect(forPerson.body.total).toBeGreaterThanOrEqual(9);
    const future = await list(hq, `?from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.body.total).toBe(0);
    const all = await list(hq, '?pageSize=5');
    expect(all.body.items).toHaveLength(5);
    expect(all.body.total).toBeGreaterThan(20);

    // Community b's admin sees none of a's; another organisation's HQ gets 404 for one of them.
    const adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
    expect((await list(adminB, '')).body.total).toBe(0);
    expect((await list(adminB, `?communityId=${a.id}`)).body.total).toBe(0);
    const id = dead.body.items[0].id as string;
    expect((await t.http().get(`/api/notification-deliveries/${id}`).set(bearer(adminB))).status).toBe(404);
    const other = await createTenant(t.dataSource);
    const otherHq = (await login(t, other.hq.username)).accessToken;
    expect((await t.http().get(`/api/notification-deliveries/${id}`).set(bearer(otherHq))).status).toBe(404);
    // Engineers and residents may not look at all.
    expect((await list(tokens.engineer, '')).status).toBe(403);
  });

  it('refuses consents for an app of another organisation or without a mini-program account', async () => {
    // The rules test above ended on the defaults, which choose no WeChat template.
    await chooseTemplates();
    const other = await createTenant(t.dataSource);
    const otherHq = (await login(t, other.hq.username)).accessToken;
    await t
      .http()
      .post('/api/platform-apps')
      .set(bearer(otherHq))
      .send({ kind: 'wechat_miniprogram', appId: 'wx-other-org', name: '别家小程序', secret: 'other-secret' })
      .expect(201);
    const foreign = await t
      .http()
      .post('/api/notifications/consents')
      .set(bearer(tokens.resident))
      .send({ appId: 'wx-other-org', results: { [TEMPLATE]: 'accept' } });
    expect(foreign.status).toBe(404);
    const unlinked = await t
      .http()
      .post('/api/notifications/consents')
      .set(bearer(tokens.engineer))
      .send({ results: { [TEMPLATE]: 'accept' } });
    expect(unlinked.status).toBe(403);
    expect(unlinked.body.code).toBe('PLATFORM_ACCOUNT_NOT_LINKED');
    const junk = await consent({ [TEMPLATE]: 'maybe' });
    expect(junk.status).toBe(400);
    // A ban takes back what was accepted.
    await consent({ [TEMPLATE]: 'accept' }).expect(200);
    const banned = await consent({ [TEMPLATE]: 'ban' });
    expect(banned.body.templates[0].remaining).toBe(0);
  });
});
