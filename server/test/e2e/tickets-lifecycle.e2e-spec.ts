import { RepairCategoryEntity } from '../../src/modules/catalog/entities/repair-category.entity';
import { TicketEventEntity } from '../../src/modules/tickets/entities/ticket-event.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

describe('ticket lifecycle: report, dispatch, repair, accept, rate (F1.2, F2.1–F2.10)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    Object.assign(
      tokens,
      await loginRoles(t, tenant.a, [
        'resident',
        'engineer',
        'admin',
        'dispatcher',
        'reviewer',
        'temp_engineer',
      ] as const),
    );
    tokens.residentB = (await login(t, tenant.b.users.resident.username)).accessToken;
    // One engineer takes every order of these tests: lift the open-ticket cap out of the way.
    const settings = await t
      .http()
      .get(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin!));
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin!))
      .send({ ...settings.body, dispatch: { ...settings.body.dispatch, maxOpenPerEngineer: 50 } })
      .expect(200);
  });
  afterAll(() => t.close());

  const detail = (token: string, id: string) => t.http().get(`/api/tickets/${id}`).set(bearer(token));

  it('walks the happy path, recording every step in a verifiable timeline', async () => {
    const reported = await reportTicket(t, tokens.resident!, tenant.a, { urgency: 'urgent' }, 0);
    expect(reported.number).toMatch(/^\d{6}-\d{4}$/);
    // Auto mode: the system accepted and dispatched to the plumbing engineer of the area.
    expect(reported).toMatchObject({
      status: 'dispatched',
      assignee: { id: tenant.a.users.engineer.id },
      dispatchMode: 'auto',
    });
    expect(reported.dispatchReason).toBeNull();
    expect(reported.contactPhone).toBe(tenant.a.users.resident.phone);

    const forAdmin = await detail(tokens.admin!, reported.id);
    expect(forAdmin.body.dispatchReason).toMatchObject({
      rule: 'fewest_open_then_best_rating',
      chosenId: tenant.a.users.engineer.id,
    });
    expect(forAdmin.body.dispatchReason.candidates).toEqual([
      expect.objectContaining({ userId: tenant.a.users.engineer.id, openTickets: 0 }),
    ]);

    const forEngineer = await detail(tokens.engineer!, reported.id);
    expect(forEngineer.body.availableActions).toEqual(['take', 'return', 'transfer']);
    expect((await act(t, tokens.engineer!, reported.id, 'take')).body.status).toBe('assigned');
    expect((await act(t, tokens.engineer!, reported.id, 'start')).body.status).toBe('in_repair');
    const completed = await act(t, tokens.engineer!, reported.id, 'complete', {
      faultCause: 'natural_wear',
      handlingMethod: '更换阀芯',
      parts: [{ name: '陶瓷阀芯', quantity: 1 }],
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      faultCause: 'natural_wear',
      parts: [{ name: '陶瓷阀芯', quantity: 1 }],
    });
    expect((await act(t, tokens.admin!, reported.id, 'pass')).body.status).toBe('verified');
    const rated = await act(t, tokens.resident!, reported.id, 'rate', { stars: 5, comment: '很及时' });
    expect(rated.body).toMatchObject({
      status: 'closed',
      rating: 5,
      ratingComment: '很及时',
      closeReason: 'rated',
    });

    const timeline = await t.http().get(`/api/tickets/${reported.id}/events`).set(bearer(tokens.resident!));
    expect(
      timeline.body.map((e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`),
    ).toEqual([
      'report:reporter',
      'dispatch:system',
      'take:assignee',
      'start:assignee',
      'complete:assignee',
      'pass:admin',
      'rate:reporter',
    ]);
    expect(timeline.body[1]).toMatchObject({ fromStatus: 'reported', toStatus: 'dispatched', actor: null });
    expect(timeline.body[2].actor).toEqual({ id: tenant.a.users.engineer.id, name: expect.any(String) });
    const chain = await t.http().get(`/api/tickets/${reported.id}/chain`).set(bearer(tokens.admin!));
    expect(chain.body).toMatchObject({ valid: true, events: 7, problems: [] });
  });

  it('detects an edited history', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 1);
    await act(t, tokens.engineer!, ticket.id, 'take');
    await t.dataSource
      .getRepository(TicketEventEntity)
      .update({ ticketId: ticket.id, seq: 2 }, { note: '改过的记录' });
    const chain = await t.http().get(`/api/tickets/${ticket.id}/chain`).set(bearer(tokens.admin!));
    expect(chain.body.valid).toBe(false);
    expect(chain.body.problems).toContainEqual({ seq: 2, problem: 'hash_mismatch' });
    await t.dataSource.getRepository(TicketEventEntity).delete({ ticketId: ticket.id, seq: 2 });
    const deleted = await t.http().get(`/api/tickets/${ticket.id}/chain`).set(bearer(tokens.admin!));
    expect(deleted.body.problems.map((p: { problem: string }) => p.problem)).toEqual(
      expect.arrayContaining(['missing_event', 'head_mismatch']),
    );
  });

  it('refuses actions the table does not allow: 403 for the wrong person, 409 for the wrong moment', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 2);
    const wrongPerson = await act(t, tokens.temp_engineer!, ticket.id, 'take');
    expect([403, 404]).toContain(wrongPerson.status);
    const residentTakes = await act(t, tokens.resident!, ticket.id, 'take');
    expect(residentTakes.status).toBe(403);
    const tooEarly = await act(t, tokens.admin!, ticket.id, 'pass');
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({
      code: 'TICKET_STATUS_CONFLICT',
      details: { action: 'pass', status: 'dispatched' },
    });
    const rateEarly = await act(t, tokens.resident!, ticket.id, 'rate', { stars: 3 });
    expect(rateEarly.status).toBe(409);
  });

  it('lets the reporter cancel before work starts, not after', async () => {
    const early = await reportTicket(t, tokens.resident!, tenant.a, {}, 3);
    const cancelled = await act(t, tokens.resident!, early.id, 'cancel', { reason: '自己修好了' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', closeReason: 'cancelled', assignee: null });
    const late = await reportTicket(t, tokens.resident!, tenant.a, {}, 4);
    await act(t, tokens.engineer!, late.id, 'take');
    await act(t, tokens.engineer!, late.id, 'start');
    expect((await act(t, tokens.resident!, late.id, 'cancel', { reason: '不修了' })).status).toBe(409);
    const reopened = await act(t, tokens.admin!, early.id, 'reopen', { reason: '住户又报漏水' });
    expect(reopened.body.status).toBe('accepted');
  });

  it('returns, transfers and asks for assistance; helpers join and see the ticket', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 5);
    const engineer = tenant.a.users.engineer;
    const temp = tenant.a.users.temp_engineer;
    expect((await act(t, tokens.engineer!, ticket.id, 'return', {})).status).toBe(400);
    expect((await act(t, tokens.engineer!, ticket.id, 'return', { reason: '不是我的片区' })).status).toBe(
      204,
    );
    expect((await detail(tokens.engineer!, ticket.id)).status).toBe(404);
    expect((await detail(tokens.admin!, ticket.id)).body).toMatchObject({
      status: 'accepted',
      assignee: null,
    });

    const residentAsEngineer = await act(t, tokens.dispatcher!, ticket.id, 'dispatch', {
      engineerId: tenant.a.users.resident.id,
    });
    expect(residentAsEngineer.status).toBe(400);
    expect(residentAsEngineer.body.code).toBe('ENGINEER_NOT_ELIGIBLE');
    expect(
      (await act(t, tokens.dispatcher!, ticket.id, 'dispatch', { engineerId: engineer.id })).body.assignee.id,
    ).toBe(engineer.id);

    expect(
      (await act(t, tokens.engineer!, ticket.id, 'transfer', { engineerId: temp.id, reason: '他更近' }))
        .status,
    ).toBe(204);
    expect((await detail(tokens.temp_engineer!, ticket.id)).body).toMatchObject({
      status: 'dispatched',
      assignee: { id: temp.id },
    });
    await act(t, tokens.temp_engineer!, ticket.id, 'take');
    const asked = await act(t, tokens.temp_engineer!, ticket.id, 'assistance', {
      engineerIds: [engineer.id],
      note: '需要两个人',
    });
    expect(asked.status).toBe(200);
    const invited = await detail(tokens.engineer!, ticket.id);
    expect(invited.body.availableActions).toEqual(['join']);
    expect(invited.body.contactPhone).toMatch(/\*/);
    const joined = await act(t, tokens.engineer!, ticket.id, 'join');
    expect(joined.body.participants).toEqual([
      { user: { id: engineer.id, name: expect.any(String) }, kind: 'assistant' },
    ]);
    expect(joined.body.contactPhone).toBe(tenant.a.users.resident.phone);
    const tasks = await t.http().get('/api/tickets/tasks?bucket=in_progress').set(bearer(tokens.engineer!));
    expect(tasks.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
  });

  it('sends work back for rework, closes with a reason, and keeps the reason on the timeline', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 6);
    await act(t, tokens.engineer!, ticket.id, 'take');
    await act(t, tokens.engineer!, ticket.id, 'start');
    await act(t, tokens.engineer!, ticket.id, 'complete', { faultCause: 'misuse', handlingMethod: '调整' });
    expect((await act(t, tokens.dispatcher!, ticket.id, 'rework', { reason: '仍然滴水' })).body.status).toBe(
      'assigned',
    );
    const closed = await act(t, tokens.admin!, ticket.id, 'close', { reason: '住户不在家，改日再约' });
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'closed' });
    const timeline = await t.http().get(`/api/tickets/${ticket.id}/events`).set(bearer(tokens.admin!));
    expect(timeline.body.slice(-2).map((e: { action: string; note: string }) => [e.action, e.note])).toEqual([
      ['rework', '仍然滴水'],
      ['close', '住户不在家，改日再约'],
    ]);
  });

  it('converts to a planned job only with approval', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 7);
    await act(t, tokens.engineer!, ticket.id, 'take');
    await act(t, tokens.engineer!, ticket.id, 'start');
    const past = await act(t, tokens.engineer!, ticket.id, 'plan-request', {
      plannedFor: '2020-01-01T00:00:00.000Z',
      reason: '需订购配件',
    });
    expect(past.status).toBe(400);
    const plannedFor = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const asked = await act(t, tokens.engineer!, ticket.id, 'plan-request', {
      plannedFor,
      reason: '需订购配件',
    });
    expect(asked.body).toMatchObject({ status: 'plan_pending', plannedFor });
    expect((await act(t, tokens.engineer!, ticket.id, 'plan-approve')).status).toBe(403);
    expect(
      (await act(t, tokens.reviewer!, ticket.id, 'plan-refuse', { reason: '先临时处理' })).body,
    ).toMatchObject({ status: 'in_repair', plannedFor: null });
    await act(t, tokens.engineer!, ticket.id, 'plan-request', { plannedFor, reason: '需订购配件' });
    const approved = await act(t, tokens.reviewer!, ticket.id, 'plan-approve');
    expect(approved.body).toMatchObject({ status: 'planned', stepDeadlineAt: plannedFor });
    expect((await act(t, tokens.engineer!, ticket.id, 'start')).body.status).toBe('in_repair');
  });

  it('keeps each resident to their own tickets and masks phones for those not entitled (R5)', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 0);
    expect((await detail(tokens.residentB!, ticket.id)).status).toBe(404);
    const otherResident = await login(t, tenant.a.users.vendor.username);
    expect((await detail(otherResident.accessToken, ticket.id)).status).toBe(404);
    const reviewer = await detail(tokens.reviewer!, ticket.id);
    expect(reviewer.status).toBe(200);
    expect(reviewer.body.contactPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const board = await t.http().get(`/api/tickets?communityId=${tenant.a.id}`).set(bearer(tokens.reviewer!));
    expect(board.body.items.every((item: { contactPhone: string }) => item.contactPhone.includes('*'))).toBe(
      true,
    );
  });

  it('refuses fields the caller may not set when reporting (R5)', async () => {
    for (const field of ['status', 'assigneeId', 'organizationId', 'rating', 'number']) {
      const response = await t
        .http()
        .post('/api/tickets')
        .set(bearer(tokens.resident!))
        .send({
          communityId: tenant.a.id,
          locationId: tenant.a.rooms[1],
          categoryId: tenant.a.categoryId,
          [field]: 'x',
        });
      expect({ field, status: response.status, code: response.body.code }).toEqual({
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const onBehalf = await t.http().post('/api/tickets').set(bearer(tokens.resident!)).send({
      communityId: tenant.a.id,
      locationId: tenant.a.rooms[1],
      categoryId: tenant.a.categoryId,
      onBehalfOfId: tenant.a.users.admin.id,
    });
    expect(onBehalf.status).toBe(403);
  });

  it('lets the office enter a call for a caller, with the channel recorded', async () => {
    const response = await t.http().post('/api/tickets').set(bearer(tokens.dispatcher!)).send({
      communityId: tenant.a.id,
      locationId: tenant.a.buildingId,
      categoryId: tenant.a.categoryId,
      contactName: '王大爷',
      contactPhone: '13711112222',
      description: '电话报修：楼道漏水',
    });
    expect(response.status).toBe(201);
    expect(response.body.ticket).toMatchObject({
      channel: 'staff',
      reporter: null,
      contactName: '王大爷',
      contactPhone: '13711112222',
    });
  });

  it('keeps a manual-mode report for the office, who accepts and lets the system choose', async () => {
    await t.dataSource
      .getRepository(RepairCategoryEntity)
      .update({ id: tenant.b.categoryId }, { dispatchMode: 'manual' });
    const resident = tokens.residentB!;
    const ticket = await reportTicket(t, resident, tenant.b, {}, 0);
    expect(ticket).toMatchObject({ status: 'reported', assignee: null, dispatchMode: 'manual' });
    const dispatcherB = (await login(t, tenant.b.users.dispatcher.username)).accessToken;
    expect((await act(t, dispatcherB, ticket.id, 'accept', { note: '已受理' })).body.status).toBe('accepted');
    const dispatched = await act(t, dispatcherB, ticket.id, 'dispatch', {});
    expect(dispatched.body).toMatchObject({
      status: 'dispatched',
      assignee: { id: tenant.b.users.engineer.id },
    });
    expect(dispatched.body.dispatchReason.rule).toBe('fewest_open_then_best_rating');
  });

  it('says why nobody could be dispatched, and leaves the report with the office', async () => {
    const adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
    await t
      .http()
      .patch(`/api/users/${tenant.b.users.engineer.id}`)
      .set(bearer(adminB))
      .send({ onDuty: false });
    await t.dataSource
      .getRepository(RepairCategoryEntity)
      .update({ id: tenant.b.categoryId }, { dispatchMode: 'auto' });
    const ticket = await reportTicket(t, tokens.residentB!, tenant.b, {}, 1);
    expect(ticket).toMatchObject({ status: 'reported', assignee: null });
    const seen = await detail(adminB, ticket.id);
    expect(seen.body.dispatchReason).toMatchObject({
      rule: 'no_engineer_available',
      candidates: [expect.objectContaining({ userId: tenant.b.users.engineer.id, excluded: 'off_duty' })],
    });
    const manual = await act(t, adminB, ticket.id, 'dispatch', {});
    expect(manual.status).toBe(409);
    expect(manual.body.code).toBe('NO_ENGINEER_AVAILABLE');
    await t
      .http()
      .patch(`/api/users/${tenant.b.users.engineer.id}`)
      .set(bearer(adminB))
      .send({ onDuty: true });
  });

  it('keeps messages among the people on the ticket', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, { locationId: tenant.a.floorId });
    const posted = await t
      .http()
      .post(`/api/tickets/${ticket.id}/messages`)
      .set(bearer(tokens.resident!))
      .send({ body: '师傅几点到？' });
    expect(posted.status).toBe(201);
    await t
      .http()
      .post(`/api/tickets/${ticket.id}/messages`)
      .set(bearer(tokens.engineer!))
      .send({ body: '下午两点' });
    const thread = await t.http().get(`/api/tickets/${ticket.id}/messages`).set(bearer(tokens.admin!));
    expect(thread.body.map((m: { body: string; authorRole: string }) => [m.authorRole, m.body])).toEqual([
      ['reporter', '师傅几点到？'],
      ['assignee', '下午两点'],
    ]);
    expect(
      (
        await t
          .http()
          .post(`/api/tickets/${ticket.id}/messages`)
          .set(bearer(tokens.residentB!))
          .send({ body: 'x' })
      ).status,
    ).toBe(404);
  });
});
