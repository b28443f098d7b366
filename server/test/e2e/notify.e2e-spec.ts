import { IsNull } from 'typeorm';
import { newId } from '../../src/database/ids';
import { PlatformIdentityEntity } from '../../src/modules/identity/entities/platform-identity.entity';
import { inTransaction } from '../../src/database/transaction';
import type { DeliveryChannel } from '../../src/modules/notify/delivery-channel';
import { InboxMessageEntity } from '../../src/modules/notify/entities/inbox-message.entity';
import { DeliveryAttemptEntity } from '../../src/modules/notify/entities/delivery-attempt.entity';
import { OutboxMessageEntity } from '../../src/modules/notify/entities/outbox-message.entity';
import { OutboxService } from '../../src/modules/notify/outbox.service';
import { MAX_ATTEMPTS, OutboxWorker } from '../../src/modules/notify/outbox.worker';
import { TicketEntity } from '../../src/modules/tickets/entities/ticket.entity';
import { TicketJournal } from '../../src/modules/tickets/ticket-journal';
import { APP_CONFIG } from '../../src/config/config.module';
import type { AppConfig } from '../../src/config/app-config';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

/**
 * Stands in for the platform channels the messages here go out on (the engineer has a WeCom
 * account, the resident a DingTalk one): counts what it is asked to send, and can be told to fail
 * for some messages.
 */
class CountingChannels {
  readonly sent = new Map<string, number>();
  failFor = new Set<string>();
  /** How long each send takes, and the most sends under way at once. */
  delayMs = 0;
  mostAtOnce = 0;
  private underWay = 0;
  private began!: () => void;
  /** Settles when the first send begins. */
  readonly firstSend = new Promise<void>((resolve) => (this.began = resolve));
  readonly channels: DeliveryChannel[] = ['wecom_card', 'dingtalk_notice'].map((name) => ({
    name,
    deliver: async (message: OutboxMessageEntity) => {
      this.began();
      this.underWay += 1;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.underWay);
      try {
        if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        if (this.failFor.has(message.id)) throw new Error('platform down');
        this.sent.set(message.id, (this.sent.get(message.id) ?? 0) + 1);
      } finally {
        this.underWay -= 1;
      }
    },
  }));
}

/** F3 and R19–R20: the outbox written with the change, delivered once, into every user's inbox. */
describe('notifications through the outbox', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let tokens: Record<'resident' | 'engineer' | 'admin' | 'dispatcher', string>;
  let worker: OutboxWorker;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    tokens = await loginRoles(t, tenant.a, ['resident', 'engineer', 'admin', 'dispatcher'] as const);
    worker = t.app.get(OutboxWorker);
    // One engineer takes every order here: lift the open-ticket cap out of the way.
    const settings = await t.http().get(`/api/communities/${tenant.a.id}/settings`).set(bearer(tokens.admin));
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin))
      .send({ ...settings.body, dispatch: { ...settings.body.dispatch, maxOpenPerEngineer: 50 } })
      .expect(200);
    // Accounts on two platforms, so the default rules queue platform messages for the worker.
    await t.dataSource.getRepository(PlatformIdentityEntity).insert(
      [
        { user: tenant.a.users.engineer, kind: 'wecom' as const },
        { user: tenant.a.users.resident, kind: 'dingtalk' as const },
      ].map(({ user, kind }) => ({
        id: newId(),
        organizationId: tenant.organizationId,
        userId: user.id,
        kind,
        appId: `${kind}-app`,
        subject: user.username,
        unionId: null,
        lastLoginAt: null,
      })),
    );
  });
  afterAll(() => t.close());

  const inbox = (token: string, query = '') => t.http().get(`/api/inbox${query}`).set(bearer(token));
  const workerWith = (counting: CountingChannels) =>
    new OutboxWorker(t.dataSource, t.app.get<symbol, AppConfig>(APP_CONFIG), counting.channels);

  it('tells the engineer of a new order and the resident of the dispatch, but nobody of their own act', async () => {
    const ticket = await reportTicket(t, tokens.resident, tenant.a, {}, 0);
    // The inbox is written with the change itself; only the platforms' messages wait.
    const queued = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ ticketId: ticket.id });
    expect(queued.map((row) => `${row.channel}:${row.status}`).sort()).toEqual([
      'dingtalk_notice:pending',
      'inbox:sent',
      'inbox:sent',
      'wecom_card:pending',
    ]);
    const engineer = await inbox(tokens.engineer);
    expect(engineer.body.items).toEqual([
      expect.objectContaining({
        kind: 'ticket.dispatch',
        title: `新工单 ${ticket.number} 待接单`,
        ticketId: ticket.id,
        read: false,
      }),
    ]);
    expect(engineer.body.unread).toBe(1);
    const resident = await inbox(tokens.resident);
    expect(resident.body.items.map((m: { title: string }) => m.title)).toEqual([
      `工单 ${ticket.number} 已派工`,
    ]);

    await act(t, tokens.engineer, ticket.id, 'take');
    const afterTake = await inbox(tokens.resident);
    expect(afterTake.body.items[0].title).toBe(`工单 ${ticket.number} 师傅已接单`);
    // The engineer took the order himself: no message to him about it.
    expect((await inbox(tokens.engineer)).body.items).toHaveLength(1);
  });

  it('marks messages read, one or all, and keeps everyone to their own (404 for another’s)', async () => {
    const mine = await inbox(tokens.resident);
    const first = mine.body.items[0];
    const read = await t.http().post(`/api/inbox/${first.id}/read`).set(bearer(tokens.resident));
    expect(read.body.read).toBe(true);
    expect(
      (await inbox(tokens.resident, '?unread=true')).body.items.map((m: { id: string }) => m.id),
    ).not.toContain(first.id);
    expect((await t.http().post(`/api/inbox/${first.id}/read`).set(bearer(tokens.engineer))).status).toBe(
      404,
    );
    const all = await t.http().post('/api/inbox/read-all').set(bearer(tokens.resident));
    expect(all.status).toBe(200);
    expect((await inbox(tokens.resident)).body.unread).toBe(0);
  });

  it('writes nothing when the use case fails after its change (R19)', async () => {
    const ticket = await reportTicket(t, tokens.resident, tenant.a, {}, 1);
    const before = await t.dataSource.getRepository(OutboxMessageEntity).count();
    const inboxBefore = await t.dataSource.getRepository(InboxMessageEntity).count();
    const journal = t.app.get(TicketJournal);
    await expect(
      inTransaction(t.dataSource, async (manager) => {
        const row = await manager.findOneByOrFail(TicketEntity, { id: ticket.id });
        await journal.apply(manager, row, 'take', {
          userId: tenant.a.users.engineer.id,
          actors: ['assignee'],
        });
        throw new Error('the use case fails after its write');
      }),
    ).rejects.toThrow('the use case fails');
    expect(await t.dataSource.getRepository(OutboxMessageEntity).count()).toBe(before);
    expect(await t.dataSource.getRepository(InboxMessageEntity).count()).toBe(inboxBefore);
    expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).status).toBe(
      'dispatched',
    );
  });

  it('keeps one inbox message per cause and person when a use case is run again', async () => {
    const outbox = t.app.get(OutboxService);
    const notice = (title: string) => ({
      organizationId: tenant.organizationId,
      communityId: tenant.a.id,
      channel: 'inbox',
      recipientId: tenant.a.users.dispatcher.id,
      kind: 'test.repeat',
      dedupeKey: 'repeat-test:1',
      payload: { title },
    });
    // Once at once, then again in a transaction whose rows wait for its commit, as reports' do.
    await outbox.enqueue(t.dataSource.manager, [notice('第一次')]);
    await inTransaction(t.dataSource, (manager) =>
      outbox.enqueue(manager, [notice('第二次')], new Date(), { deferred: true }),
    );
    await inTransaction(t.dataSource, (manager) => outbox.enqueue(manager, [notice('第三次')]));
    const messages = await t.dataSource.getRepository(InboxMessageEntity).findBy({ kind: 'test.repeat' });
    expect(messages.map((message) => message.title)).toEqual(['第一次']);
    const [queued] = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ kind: 'test.repeat' });
    expect(messages[0]!.id).toBe(queued!.id);
  });

  it('lets two workers at once send every message exactly once (R20)', async () => {
    for (let room = 2; room < 7; room += 1) await reportTicket(t, tokens.resident, tenant.a, {}, room);
    const waiting = await t.dataSource.getRepository(OutboxMessageEntity).countBy({ status: 'pending' });
    expect(waiting).toBeGreaterThanOrEqual(10); // five orders, each told to the engineer and to the resident
    const channel = new CountingChannels();
    const [one, two] = [workerWith(channel), workerWith(channel)];
    await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
    const counts = [...channel.sent.values()];
    expect(counts).toHaveLength(waiting);
    expect(counts.every((count) => count === 1)).toBe(true);
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ status: 'pending' })).toBe(0);
  });

  it('sends again, once, what a worker killed mid-send had claimed', async () => {
    await reportTicket(t, tokens.resident, tenant.a, {}, 7);
    const now = new Date();
    // A worker claimed the messages and died before acknowledging them.
    await t.dataSource
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set({ status: 'sending', lockedBy: 'dead-worker', lockedUntil: new Date(now.getTime() + 30_000) })
      .where("status = 'pending'")
      .execute();
    const channel = new CountingChannels();
    const survivor = workerWith(channel);
    await survivor.runOnce(now);
    expect(channel.sent.size).toBe(0);
    await survivor.runOnce(new Date(now.getTime() + 31_000));
    expect(channel.sent.size).toBeGreaterThan(0);
    expect([...channel.sent.values()].every((count) => count === 1)).toBe(true);
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ status: 'sending' })).toBe(0);
  });

  it('retries a failing message with growing waits without holding up the others, then gives it up', async () => {
    await act(
      t,
      tokens.admin,
      (await reportTicket(t, tokens.resident, tenant.a, { locationId: tenant.a.floorId })).id,
      'close',
      {
        reason: '测试',
      },
    );
    const pending = await t.dataSource
      .getRepository(OutboxMessageEntity)
      .find({ where: { status: 'pending' } });
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const poisoned = pending[0]!;
    const channel = new CountingChannels();
    channel.failFor.add(poisoned.id);
    const retrying = workerWith(channel);
    let now = new Date();
    await retrying.runOnce(now);
    expect(pending.slice(1).every((message) => channel.sent.get(message.id) === 1)).toBe(true);
    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      const row = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ id: poisoned.id });
      expect(row).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'Error: platform down' });
      waits.push(row.nextAttemptAt.getTime() - now.getTime());
      now = new Date(row.nextAttemptAt.getTime() + 1);
      await retrying.runOnce(now);
    }
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits.at(-1)!).toBeGreaterThan(waits[0]! * 100);
    const dead = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ id: poisoned.id });
    expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lockedBy: null });
  });

  it('sends a few at once, and a stopping worker gives back what it had not begun (R23)', async () => {
    await workerWith(new CountingChannels()).runOnce();
    await t.app.get(OutboxService).enqueue(
      t.dataSource.manager,
      Array.from({ length: 12 }, (_, i) => ({
        organizationId: tenant.organizationId,
        communityId: tenant.a.id,
        channel: 'wecom_card',
        recipientId: tenant.a.users.engineer.id,
        kind: 'test.notice',
        dedupeKey: `stop-test:${i}`,
        payload: { title: `通知 ${i}` },
      })),
    );
    const slow = new CountingChannels();
    slow.delayMs = 100;
    const stopping = workerWith(slow);
    const pass = stopping.runOnce();
    await slow.firstSend;
    await stopping.beforeApplicationShutdown();
    await pass;
    // The first few were under way together and finished; the rest are due again for anyone.
    expect(slow.mostAtOnce).toBeGreaterThan(1);
    expect(slow.sent.size).toBeGreaterThan(0);
    expect(slow.sent.size).toBeLessThan(12);
    const rows = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ kind: 'test.notice' });
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(slow.sent.size);
    const left = rows.filter((row) => row.status !== 'sent');
    expect(left.every((row) => row.status === 'pending' && row.lockedBy === null && row.attempts === 0)).toBe(
      true,
    );
    expect(await t.dataSource.getRepository(DeliveryAttemptEntity).countBy({ finishedAt: IsNull() })).toBe(0);
    const rest = new CountingChannels();
    await workerWith(rest).runOnce();
    expect(rest.sent.size).toBe(left.length);
  });

  it('tells the dispatchers when an overdue step is escalated', async () => {
    const ticket = await reportTicket(t, tokens.resident, tenant.a, { locationId: tenant.a.buildingId });
    const row = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    await inTransaction(t.dataSource, (manager) =>
      t.app
        .get(TicketJournal)
        .mark(
          manager,
          row,
          'escalated',
          { userId: null, role: 'system' },
          { data: { level: 1, to: 'dispatcher' } },
        ),
    );
    await worker.runOnce();
    const dispatcher = await inbox(tokens.dispatcher, '?unread=true');
    expect(dispatcher.body.items.map((m: { title: string }) => m.title)).toContain(
      `工单 ${ticket.number} 超时未处理`,
    );
    expect(
      await t.dataSource.getRepository(OutboxMessageEntity).countBy({ sentAt: IsNull(), status: 'sent' }),
    ).toBe(0);
  });
});
