import { randomBytes } from 'node:crypto';
import { RepairCategoryEntity } from '../../src/modules/catalog/entities/repair-category.entity';
import { TradeMemberEntity } from '../../src/modules/catalog/entities/trade-member.entity';
import { RoleAssignmentEntity } from '../../src/modules/identity/entities/role-assignment.entity';
import { UserEntity } from '../../src/modules/identity/entities/user.entity';
import { newId } from '../../src/database/ids';
import { createTenant, TEST_PASSWORD, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

/** Community rules around a report: duplicates, sensitive words, bans, the form, grab mode, lists. */
describe('ticket rules', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    Object.assign(
      tokens,
      await loginRoles(t, tenant.a, ['resident', 'engineer', 'admin', 'dispatcher'] as const),
    );
    tokens.vendor = (await login(t, tenant.a.users.vendor.username)).accessToken;
  });
  afterAll(() => t.close());

  const putSettings = async (change: (settings: Record<string, Record<string, unknown>>) => void) => {
    const current = await t.http().get(`/api/communities/${tenant.a.id}/settings`).set(bearer(tokens.admin!));
    change(current.body);
    const saved = await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin!))
      .send(current.body);
    expect(saved.status).toBe(200);
  };

  describe('duplicates (one fault, many reports)', () => {
    it('links a second report of the same fault to the open one and keeps its reporter informed', async () => {
      const first = await reportTicket(t, tokens.resident!, tenant.a, {}, 0);
      const neighbour = (await login(t, tenant.a.users.vendor.username)).accessToken;
      await t.dataSource.getRepository(RoleAssignmentEntity).insert({
        id: newId(),
        organizationId: tenant.organizationId,
        userId: tenant.a.users.vendor.id,
        communityId: tenant.a.id,
        role: 'resident',
      });
      const second = await t.http().post('/api/tickets').set(bearer(neighbour)).send({
        communityId: tenant.a.id,
        locationId: tenant.a.rooms[0],
        categoryId: tenant.a.categoryId,
        description: '楼上漏水',
      });
      expect(second.status).toBe(201);
      expect(second.body.duplicateOf).toEqual({ id: first.id, number: first.number, status: 'dispatched' });
      expect(second.body.ticket).toMatchObject({
        status: 'closed',
        closeReason: 'duplicate',
        duplicateOfId: first.id,
      });

      const mine = await t.http().get('/api/tickets/mine').set(bearer(neighbour));
      expect(mine.body.items.map((item: { id: string }) => item.id)).toEqual(
        expect.arrayContaining([first.id, second.body.ticket.id]),
      );
      const followed = await t.http().get(`/api/tickets/${first.id}`).set(bearer(neighbour));
      expect(followed.status).toBe(200);
      expect(followed.body.availableActions).toEqual([]);
      expect(followed.body.contactPhone).toMatch(/\*/);
      const timeline = await t.http().get(`/api/tickets/${first.id}/events`).set(bearer(tokens.admin!));
      expect(timeline.body.at(-1)).toMatchObject({
        action: 'duplicate_linked',
        data: { ticketId: second.body.ticket.id },
      });

      // The office splits it off again: handled on its own, the neighbour no longer follows the first.
      const split = await act(t, tokens.admin!, second.body.ticket.id, 'split', { reason: '不是同一处漏水' });
      expect(split.body).toMatchObject({ status: 'accepted', duplicateOfId: null, closeReason: null });
      expect((await t.http().get(`/api/tickets/${first.id}`).set(bearer(neighbour))).status).toBe(404);
      // …and merges it back by hand.
      const merged = await act(t, tokens.admin!, second.body.ticket.id, 'merge', { intoTicketId: first.id });
      expect(merged.body).toMatchObject({ status: 'closed', closeReason: 'merged', duplicateOfId: first.id });
      expect((await t.http().get(`/api/tickets/${first.id}`).set(bearer(neighbour))).status).toBe(200);
    });

    it('does not link reports of other places or other faults', async () => {
      const one = await reportTicket(t, tokens.resident!, tenant.a, {}, 1);
      const other = await reportTicket(t, tokens.resident!, tenant.a, {}, 2);
      expect(one.duplicateOfId).toBeNull();
      expect(other.duplicateOfId).toBeNull();
    });
  });

  it('masks sensitive words in every free text of a ticket (F1.5)', async () => {
    const added = await t
      .http()
      .post(`/api/communities/${tenant.a.id}/sensitive-words`)
      .set(bearer(tokens.admin!))
      .send({ word: '垃圾物业' });
    expect(added.status).toBe(201);
    const ticket = await reportTicket(
      t,
      tokens.resident!,
      tenant.a,
      { description: '这个垃圾物业又漏水了' },
      3,
    );
    expect(ticket.description).toBe('这个****又漏水了');
    const message = await t
      .http()
      .post(`/api/tickets/${ticket.id}/messages`)
      .set(bearer(tokens.resident!))
      .send({ body: '垃圾物业快来' });
    expect(message.body.body).toBe('****快来');
    const cancelled = await act(t, tokens.resident!, ticket.id, 'cancel', { reason: '垃圾物业不来' });
    const timeline = await t
      .http()
      .get(`/api/tickets/${cancelled.body.id}/events`)
      .set(bearer(tokens.resident!));
    expect(timeline.body.at(-1).note).toBe('****不来');
  });

  it('refuses a barred reporter with a clear code (F1.6)', async () => {
    const barred = await t
      .http()
      .post(`/api/communities/${tenant.a.id}/barred-reporters`)
      .set(bearer(tokens.admin!))
      .send({ userId: tenant.a.users.resident.id, reason: '恶意报修' });
    expect(barred.status).toBe(201);
    const refused = await t.http().post('/api/tickets').set(bearer(tokens.resident!)).send({
      communityId: tenant.a.id,
      locationId: tenant.a.rooms[4],
      categoryId: tenant.a.categoryId,
      description: 'x',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('REPORTER_BARRED');
    await t
      .http()
      .delete(`/api/communities/${tenant.a.id}/barred-reporters/${barred.body.id}`)
      .set(bearer(tokens.admin!));
    await expect(reportTicket(t, tokens.resident!, tenant.a, {}, 4)).resolves.toHaveProperty('id');
  });

  it('follows the community’s form settings on the server (F1.7)', async () => {
    await putSettings((settings) => {
      const form = settings.form as Record<string, { show: boolean; required: boolean }>;
      form.urgency = { show: false, required: false };
      form.appointment = { show: true, required: true };
    });
    const base = {
      communityId: tenant.a.id,
      locationId: tenant.a.rooms[5],
      categoryId: tenant.a.categoryId,
      description: '灯不亮',
    };
    const hidden = await t
      .http()
      .post('/api/tickets')
      .set(bearer(tokens.resident!))
      .send({ ...base, urgency: 'urgent' });
    expect(hidden.status).toBe(400);
    expect(hidden.body).toMatchObject({ code: 'FORM_FIELD_HIDDEN', details: { fields: ['urgency'] } });
    const missing = await t.http().post('/api/tickets').set(bearer(tokens.resident!)).send(base);
    expect(missing.body).toMatchObject({ code: 'FORM_FIELD_REQUIRED', details: { fields: ['appointment'] } });
    const ok = await t
      .http()
      .post('/api/tickets')
      .set(bearer(tokens.resident!))
      .send({
        ...base,
        appointmentStart: '2026-12-01T01:00:00.000Z',
        appointmentEnd: '2026-12-01T03:00:00.000Z',
      });
    expect(ok.status).toBe(201);
    const backwards = await t
      .http()
      .post('/api/tickets')
      .set(bearer(tokens.resident!))
      .send({
        ...base,
        locationId: tenant.a.rooms[6],
        appointmentStart: '2026-12-01T03:00:00.000Z',
        appointmentEnd: '2026-12-01T01:00:00.000Z',
      });
    expect(backwards.status).toBe(400);
    await putSettings((settings) => {
      const form = settings.form as Record<string, { show: boolean; required: boolean }>;
      form.urgency = { show: true, required: false };
      form.appointment = { show: true, required: false };
    });
  });

  describe('grab mode (R18)', () => {
    const engineers: { id: string; token: string }[] = [];

    beforeAll(async () => {
      await t.dataSource
        .getRepository(RepairCategoryEntity)
        .update({ id: tenant.b.categoryId }, { dispatchMode: 'grab' });
      const hash = (
        await t.dataSource.query('SELECT passwordHash FROM users WHERE id = ?', [tenant.b.users.engineer.id])
      )[0].passwordHash;
      for (let i = 0; i < 50; i += 1) {
        const id = newId();
        const username = `grab${i}.${randomBytes(3).toString('hex')}`;
        await t.dataSource.getRepository(UserEntity).insert({
          id,
          organizationId: tenant.organizationId,
          username,
          phone: null,
          name: `抢单师傅${i}`,
          passwordHash: hash,
          status: 'active',
          onDuty: true,
          failedLoginCount: 0,
          lockedUntil: null,
          lastLoginAt: null,
        });
        await t.dataSource.getRepository(RoleAssignmentEntity).insert({
          id: newId(),
          organizationId: tenant.organizationId,
          userId: id,
          communityId: tenant.b.id,
          role: 'engineer',
        });
        await t.dataSource
          .getRepository(TradeMemberEntity)
          .insert({ tradeId: tenant.b.tradeId, userId: id, communityId: tenant.b.id });
        engineers.push({ id, token: (await login(t, username, TEST_PASSWORD)).accessToken });
      }
    });

    it('puts the report in the pool, where trade engineers see it with the phone masked', async () => {
      const residentB = (await login(t, tenant.b.users.resident.username)).accessToken;
      const ticket = await reportTicket(t, residentB, tenant.b, {}, 0);
      expect(ticket).toMatchObject({ status: 'accepted', assignee: null, dispatchMode: 'grab' });
      const inbox = await t.http().get('/api/tickets/tasks?bucket=new').set(bearer(engineers[0]!.token));
      expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
      const seen = await t.http().get(`/api/tickets/${ticket.id}`).set(bearer(engineers[0]!.token));
      expect(seen.body).toMatchObject({ availableActions: ['claim'] });
      expect(seen.body.contactPhone).toMatch(/\*/);
      // Someone outside the trade does not see the pool.
      expect((await t.http().get(`/api/tickets/${ticket.id}`).set(bearer(tokens.engineer!))).status).toBe(
        404,
      );
    });

    it('gives exactly one of fifty simultaneous claims the order; the rest get 409', async () => {
      const residentB = (await login(t, tenant.b.users.resident.username)).accessToken;
      const ticket = await reportTicket(t, residentB, tenant.b, {}, 1);
      const answers = await Promise.all(
        engineers.map((engineer) => act(t, engineer.token, ticket.id, 'claim')),
      );
      const winners = answers.filter((answer) => answer.status === 200);
      const losers = answers.filter((answer) => answer.status === 409);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(49);
      expect(new Set(losers.map((answer) => answer.body.code))).toEqual(new Set(['TICKET_ALREADY_CLAIMED']));
      const winner = winners[0]!.body.assignee.id;
      const adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
      const stored = await t.http().get(`/api/tickets/${ticket.id}`).set(bearer(adminB));
      expect(stored.body).toMatchObject({ status: 'assigned', assignee: { id: winner } });
      const timeline = await t.http().get(`/api/tickets/${ticket.id}/events`).set(bearer(adminB));
      expect(timeline.body.filter((event: { action: string }) => event.action === 'claim')).toHaveLength(1);
      expect((await t.http().get(`/api/tickets/${ticket.id}/chain`).set(bearer(adminB))).body.valid).toBe(
        true,
      );
    });
  });

  describe('lists', () => {
    it('filters the board and clamps pages (R9)', async () => {
      const board = await t
        .http()
        .get(`/api/tickets?communityId=${tenant.a.id}&pageSize=1000`)
        .set(bearer(tokens.dispatcher!));
      expect(board.status).toBe(200);
      expect(board.body.pageSize).toBe(100);
      expect(board.body.items.length).toBeGreaterThan(3);
      const dispatched = await t
        .http()
        .get(`/api/tickets?communityId=${tenant.a.id}&status=dispatched,closed`)
        .set(bearer(tokens.dispatcher!));
      expect(
        dispatched.body.items.every((item: { status: string }) =>
          ['dispatched', 'closed'].includes(item.status),
        ),
      ).toBe(true);
      const byEngineer = await t
        .http()
        .get(`/api/tickets?engineerId=${tenant.a.users.engineer.id}`)
        .set(bearer(tokens.dispatcher!));
      expect(
        byEngineer.body.items.every(
          (item: { assignee: { id: string } }) => item.assignee?.id === tenant.a.users.engineer.id,
        ),
      ).toBe(true);
      const byArea = await t
        .http()
        .get(`/api/tickets?locationId=${tenant.a.areaId}&pageSize=100`)
        .set(bearer(tokens.dispatcher!));
      expect(byArea.body.items.length).toBe(board.body.items.length);
      const byRoom = await t
        .http()
        .get(`/api/tickets?locationId=${tenant.a.rooms[1]}`)
        .set(bearer(tokens.dispatcher!));
      expect(byRoom.body.items.length).toBe(1);
      const paged = await t
        .http()
        .get(`/api/tickets?communityId=${tenant.a.id}&pageSize=2`)
        .set(bearer(tokens.dispatcher!));
      expect(paged.body).toMatchObject({ pageSize: 2, hasMore: true });
      expect(paged.body.items).toHaveLength(2);
      const future = await t
        .http()
        .get(`/api/tickets?from=2099-01-01T00:00:00.000Z`)
        .set(bearer(tokens.dispatcher!));
      expect(future.body.items).toEqual([]);
      const bad = await t.http().get('/api/tickets?status=flying').set(bearer(tokens.dispatcher!));
      expect(bad.status).toBe(400);
    });

    it('keeps the board to the office', async () => {
      expect((await t.http().get('/api/tickets').set(bearer(tokens.resident!))).status).toBe(403);
      const otherBoard = await t
        .http()
        .get(`/api/tickets?communityId=${tenant.b.id}`)
        .set(bearer(tokens.dispatcher!));
      expect(otherBoard.status).toBe(404);
    });
  });
});
