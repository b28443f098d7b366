import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('trades bound to areas and engineers, categories bound to trades (F9.4, F9.6)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    admin = (await login(t, tenant.a.users.admin.username)).accessToken;
  });
  afterAll(() => t.close());

  it('creates a trade, binds it to areas and engineers, and shows the bindings', async () => {
    const trade = await t
      .http()
      .post('/api/trades')
      .set(bearer(admin))
      .send({ communityId: tenant.a.id, code: 'ELEC', name: '电工' });
    expect(trade.status).toBe(201);
    expect(trade.body).toMatchObject({ code: 'ELEC', areaIds: [], memberIds: [] });
    const areas = await t
      .http()
      .put(`/api/trades/${trade.body.id}/areas`)
      .set(bearer(admin))
      .send({ areaIds: [tenant.a.areaId, tenant.a.areaId] });
    expect(areas.status).toBe(200);
    expect(areas.body.areaIds).toEqual([tenant.a.areaId]);
    const members = await t
      .http()
      .put(`/api/trades/${trade.body.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [tenant.a.users.engineer.id, tenant.a.users.temp_engineer.id] });
    expect(members.status).toBe(200);
    expect(members.body.memberIds).toEqual(
      [tenant.a.users.engineer.id, tenant.a.users.temp_engineer.id].sort(),
    );
    const listed = await t.http().get(`/api/trades?communityId=${tenant.a.id}`).set(bearer(admin));
    expect(listed.body.find((row: { id: string }) => row.id === trade.body.id).areaIds).toEqual([
      tenant.a.areaId,
    ]);
    const cleared = await t
      .http()
      .put(`/api/trades/${trade.body.id}/areas`)
      .set(bearer(admin))
      .send({ areaIds: [] });
    expect(cleared.body.areaIds).toEqual([]);
  });

  it.each([
    ['a building instead of an area', () => tenant.a.buildingId],
    ['an area of another community', () => tenant.b.areaId],
  ])('refuses binding %s', async (_name, id) => {
    const response = await t
      .http()
      .put(`/api/trades/${tenant.a.tradeId}/areas`)
      .set(bearer(admin))
      .send({ areaIds: [id()] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('TRADE_AREA_INVALID');
    expect(response.body.details.invalid).toEqual([id()]);
  });

  it.each([
    ['a resident', () => tenant.a.users.resident.id],
    ['an engineer of another community', () => tenant.b.users.engineer.id],
  ])('refuses %s as a trade member', async (_name, id) => {
    const response = await t
      .http()
      .put(`/api/trades/${tenant.a.tradeId}/members`)
      .set(bearer(admin))
      .send({ userIds: [id()] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('TRADE_MEMBER_INVALID');
  });

  it('binds categories to a trade of the same community only, and can move them', async () => {
    const category = await t
      .http()
      .post('/api/categories')
      .set(bearer(admin))
      .send({ communityId: tenant.a.id, tradeId: tenant.a.tradeId, code: 'PIPE', name: '管道' });
    expect(category.status).toBe(201);
    const foreign = await t
      .http()
      .post('/api/categories')
      .set(bearer(admin))
      .send({ communityId: tenant.a.id, tradeId: tenant.b.tradeId, code: 'X', name: 'x' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('TRADE_NOT_FOUND');
    const duplicate = await t
      .http()
      .post('/api/categories')
      .set(bearer(admin))
      .send({ communityId: tenant.a.id, tradeId: tenant.a.tradeId, code: 'PIPE', name: '管道2' });
    expect(duplicate.status).toBe(409);

    const civil = await t
      .http()
      .post('/api/trades')
      .set(bearer(admin))
      .send({ communityId: tenant.a.id, code: 'CIVIL', name: '土建' });
    const moved = await t
      .http()
      .patch(`/api/categories/${category.body.id}`)
      .set(bearer(admin))
      .send({ tradeId: civil.body.id, active: false });
    expect(moved.body).toMatchObject({ tradeId: civil.body.id, active: false });
    const active = await t
      .http()
      .get(`/api/categories?communityId=${tenant.a.id}&active=true`)
      .set(bearer(admin));
    expect(active.body.map((row: { id: string }) => row.id)).not.toContain(category.body.id);
    const byTrade = await t
      .http()
      .get(`/api/categories?communityId=${tenant.a.id}&tradeId=${civil.body.id}`)
      .set(bearer(admin));
    expect(byTrade.body.map((row: { id: string }) => row.id)).toEqual([category.body.id]);
  });

  it('refuses to delete a trade that categories still use', async () => {
    const blocked = await t.http().delete(`/api/trades/${tenant.a.tradeId}`).set(bearer(admin));
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('TRADE_IN_USE');
    expect((await t.http().delete(`/api/categories/${tenant.a.categoryId}`).set(bearer(admin))).status).toBe(
      204,
    );
    expect((await t.http().delete(`/api/trades/${tenant.a.tradeId}`).set(bearer(admin))).status).toBe(204);
    expect((await t.http().get(`/api/trades/${tenant.a.tradeId}`).set(bearer(admin))).status).toBe(404);
  });

  it('lets engineers read the catalogue but not change it', async () => {
    const engineer = (await login(t, tenant.b.users.engineer.username)).accessToken;
    expect(
      (await t.http().get(`/api/categories?communityId=${tenant.b.id}`).set(bearer(engineer))).status,
    ).toBe(200);
    const change = await t
      .http()
      .patch(`/api/categories/${tenant.b.categoryId}`)
      .set(bearer(engineer))
      .send({ name: 'x' });
    expect(change.status).toBe(403);
  });
});
