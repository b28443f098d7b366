import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('organisation, communities and the location tree (F9.1, F9.5)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let hq: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    hq = (await login(t, tenant.hq.username)).accessToken;
    admin = (await login(t, tenant.a.users.admin.username)).accessToken;
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) => t.http().post('/api/locations').set(bearer(token)).send(body);

  it('lets HQ create a community with a unique code, and refuses a duplicate', async () => {
    const created = await t
      .http()
      .post('/api/communities')
      .set(bearer(hq))
      .send({ code: 'NEW1', name: '新城小区', address: '某路 1 号' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'NEW1',
      name: '新城小区',
      organizationId: tenant.organizationId,
      active: true,
    });
    const duplicate = await t
      .http()
      .post('/api/communities')
      .set(bearer(hq))
      .send({ code: 'NEW1', name: '重复' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CODE_TAKEN');
    const listed = await t.http().get('/api/communities').set(bearer(hq));
    expect(listed.body.map((c: { code: string }) => c.code)).toContain('NEW1');
  });

  it('lets a community admin update their community but not create one', async () => {
    const updated = await t
      .http()
      .patch(`/api/communities/${tenant.a.id}`)
      .set(bearer(admin))
      .send({ address: '新地址 8 号' });
    expect(updated.status).toBe(200);
    expect(updated.body.address).toBe('新地址 8 号');
    const create = await t
      .http()
      .post('/api/communities')
      .set(bearer(admin))
      .send({ code: 'NOPE', name: '不行' });
    expect(create.status).toBe(403);
  });

  it('builds area › building › floor › room and public places, and shows the path', async () => {
    const area = await post(admin, { communityId: tenant.a.id, kind: 'area', name: '东区', code: 'EAST' });
    expect(area.status).toBe(201);
    expect(area.body.areaId).toBe(area.body.id);
    const building = await post(admin, {
      communityId: tenant.a.id,
      parentId: area.body.id,
      kind: 'building',
      name: '9栋',
    });
    const floor = await post(admin, {
      communityId: tenant.a.id,
      parentId: building.body.id,
      kind: 'floor',
      name: '2层',
    });
    const room = await post(admin, {
      communityId: tenant.a.id,
      parentId: floor.body.id,
      kind: 'room',
      name: '201室',
    });
    const lobby = await post(admin, {
      communityId: tenant.a.id,
      parentId: building.body.id,
      kind: 'public_place',
      name: '9栋大堂',
    });
    for (const response of [building, floor, room, lobby]) {
      expect(response.status).toBe(201);
      expect(response.body.areaId).toBe(area.body.id);
    }
    const detail = await t.http().get(`/api/locations/${room.body.id}`).set(bearer(admin));
    expect(detail.body.path).toBe('东区 › 9栋 › 2层 › 201室');
    expect(detail.body.ancestors.map((node: { kind: string }) => node.kind)).toEqual([
      'area',
      'building',
      'floor',
    ]);

    const children = await t
      .http()
      .get(`/api/locations?communityId=${tenant.a.id}&parentId=${building.body.id}`)
      .set(bearer(admin));
    expect(children.body.map((node: { name: string }) => node.name).sort()).toEqual(['2层', '9栋大堂']);
    const places = await t
      .http()
      .get(`/api/locations?communityId=${tenant.a.id}&kind=public_place`)
      .set(bearer(admin));
    expect(places.body.map((node: { name: string }) => node.name)).toEqual(['9栋大堂']);

    const tree = await t.http().get(`/api/communities/${tenant.a.id}/location-tree`).set(bearer(admin));
    const east = tree.body.find((node: { id: string }) => node.id === area.body.id);
    expect(east.children[0].name).toBe('9栋');
    expect(east.children[0].children.map((node: { name: string }) => node.name).sort()).toEqual([
      '2层',
      '9栋大堂',
    ]);
  });

  it.each([
    ['a room at the top', { kind: 'room' }, null],
    ['a building under a room', { kind: 'building' }, 'room'],
    ['a floor under an area', { kind: 'floor' }, 'area'],
    ['a public place under a room', { kind: 'public_place' }, 'room'],
  ])('refuses %s with LOCATION_PARENT_INVALID', async (_name, body, parentKind) => {
    const parentId =
      parentKind === null ? undefined : parentKind === 'room' ? tenant.a.roomId : tenant.a.areaId;
    const response = await post(admin, { communityId: tenant.a.id, name: 'x', parentId, ...body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('LOCATION_PARENT_INVALID');
  });

  it('refuses a parent from another community as not found', async () => {
    const response = await post(hq, {
      communityId: tenant.a.id,
      parentId: tenant.b.areaId,
      kind: 'building',
      name: 'x',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('LOCATION_NOT_FOUND');
  });

  it('keeps codes unique in a community and refuses deleting a node with children', async () => {
    await post(admin, { communityId: tenant.a.id, kind: 'area', name: '西区', code: 'WEST' });
    const duplicate = await post(admin, {
      communityId: tenant.a.id,
      kind: 'area',
      name: '西区2',
      code: 'WEST',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CODE_TAKEN');
    const sameCodeElsewhere = await post(hq, {
      communityId: tenant.b.id,
      kind: 'area',
      name: '西区',
      code: 'WEST',
    });
    expect(sameCodeElsewhere.status).toBe(201);

    const blocked = await t.http().delete(`/api/locations/${tenant.a.floorId}`).set(bearer(admin));
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('LOCATION_HAS_CHILDREN');
    const leaf = await post(admin, {
      communityId: tenant.a.id,
      parentId: tenant.a.floorId,
      kind: 'room',
      name: '临时',
    });
    expect((await t.http().delete(`/api/locations/${leaf.body.id}`).set(bearer(admin))).status).toBe(204);
    expect((await t.http().get(`/api/locations/${leaf.body.id}`).set(bearer(admin))).status).toBe(404);
  });

  it('renames a location and records who did it', async () => {
    const renamed = await t
      .http()
      .patch(`/api/locations/${tenant.a.roomId}`)
      .set(bearer(admin))
      .send({ name: '101室(改)', sortOrder: 5 });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '101室(改)', sortOrder: 5 });
    const audit = await t.http().get(`/api/audit-events?targetId=${tenant.a.roomId}`).set(bearer(admin));
    expect(audit.body.items[0]).toMatchObject({
      action: 'location.update',
      actorId: tenant.a.users.admin.id,
      data: { name: '101室(改)', sortOrder: 5 },
    });
  });

  it('lets a resident read locations of their community but not change them', async () => {
    const resident = (await login(t, tenant.a.users.resident.username)).accessToken;
    expect(
      (await t.http().get(`/api/locations?communityId=${tenant.a.id}`).set(bearer(resident))).status,
    ).toBe(200);
    expect((await post(resident, { communityId: tenant.a.id, kind: 'area', name: 'x' })).status).toBe(403);
    expect(
      (await t.http().get(`/api/locations?communityId=${tenant.b.id}`).set(bearer(resident))).status,
    ).toBe(404);
  });
});
