import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('staff management (F9.2, F9.3)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;
  let hq: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    admin = (await login(t, tenant.a.users.admin.username)).accessToken;
    hq = (await login(t, tenant.hq.username)).accessToken;
  });
  afterAll(() => t.close());

  const create = (token: string, body: object) => t.http().post('/api/users').set(bearer(token)).send(body);

  it('lets an admin add an engineer who can then log in', async () => {
    const response = await create(admin, {
      name: '新师傅',
      username: `new.eng.${tenant.a.code}`,
      phone: '13712345678',
      password: 'fix-it-fast-2026',
      roles: [{ role: 'engineer', communityId: tenant.a.id }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: '新师傅',
      status: 'active',
      hasPassword: true,
      roles: [{ role: 'engineer', communityId: tenant.a.id }],
    });
    expect(response.body).not.toHaveProperty('passwordHash');
    await expect(login(t, '13712345678', 'fix-it-fast-2026')).resolves.toHaveProperty('accessToken');
  });

  it('refuses roles an admin may not give, and communities they do not manage', async () => {
    const upward = await create(admin, { name: 'x', roles: [{ role: 'admin', communityId: tenant.a.id }] });
    expect(upward.status).toBe(403);
    expect(upward.body.code).toBe('ROLE_NOT_ASSIGNABLE');
    const hqRole = await create(admin, { name: 'x', roles: [{ role: 'hq_admin' }] });
    expect(hqRole.status).toBe(403);
    const elsewhere = await create(admin, {
      name: 'x',
      roles: [{ role: 'engineer', communityId: tenant.b.id }],
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('COMMUNITY_NOT_FOUND');
    const misplaced = await create(hq, { name: 'x', roles: [{ role: 'engineer' }] });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.details.fields.communityId).toBeDefined();
  });

  it('refuses taken usernames and phones, weak passwords and bad phones with stable codes', async () => {
    const taken = await create(admin, {
      name: 'x',
      username: tenant.a.users.engineer.username,
      roles: [{ role: 'resident', communityId: tenant.a.id }],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('USERNAME_TAKEN');
    const phone = await create(admin, {
      name: 'x',
      phone: tenant.b.users.resident.phone,
      roles: [{ role: 'resident', communityId: tenant.a.id }],
    });
    expect(phone.status).toBe(409);
    expect(phone.body.code).toBe('PHONE_TAKEN');
    const weak = await create(admin, {
      name: 'x',
      username: 'weak.one',
      password: 'aaaaaaaaaa',
      roles: [{ role: 'resident', communityId: tenant.a.id }],
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');
    const badPhone = await create(admin, {
      name: 'x',
      phone: '12345',
      roles: [{ role: 'resident', communityId: tenant.a.id }],
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.details.fields.phone).toBeDefined();
  });

  it('keeps an admin’s hands off their peers and off themselves', async () => {
    const peer = await create(hq, {
      name: '另一位管理员',
      username: `peer.admin.${tenant.a.code}`,
      roles: [{ role: 'admin', communityId: tenant.a.id }],
    });
    expect(peer.status).toBe(201);
    const disablePeer = await t.http().post(`/api/users/${peer.body.id}/disable`).set(bearer(admin));
    expect(disablePeer.status).toBe(403);
    const self = await t.http().post(`/api/users/${tenant.a.users.admin.id}/disable`).set(bearer(admin));
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_CHANGE_SELF');
  });

  it('lets an admin manage someone only if every role they hold is manageable', async () => {
    const shared = await create(hq, {
      name: '两边跑',
      username: `both.${tenant.a.code}`,
      roles: [
        { role: 'engineer', communityId: tenant.a.id },
        { role: 'engineer', communityId: tenant.b.id },
      ],
    });
    expect(shared.status).toBe(201);
    const seenByA = await t.http().get(`/api/users/${shared.body.id}`).set(bearer(admin));
    expect(seenByA.status).toBe(200);
    // Community a's admin sees only the role held in community a.
    expect(seenByA.body.roles.map((r: { communityId: string }) => r.communityId)).toEqual([tenant.a.id]);
    expect(
      (await t.http().patch(`/api/users/${shared.body.id}`).set(bearer(admin)).send({ onDuty: false }))
        .status,
    ).toBe(403);
    expect(
      (await t.http().patch(`/api/users/${shared.body.id}`).set(bearer(hq)).send({ onDuty: false })).body
        .onDuty,
    ).toBe(false);
  });

  it('filters the staff list by community, role, status and text, newest first', async () => {
    const engineers = await t
      .http()
      .get(`/api/users?communityId=${tenant.a.id}&role=engineer`)
      .set(bearer(admin));
    expect(engineers.status).toBe(200);
    expect(engineers.body.items.length).toBeGreaterThanOrEqual(2);
    expect(
      engineers.body.items.every((u: { roles: { role: string }[] }) =>
        u.roles.some((r) => r.role === 'engineer'),
      ),
    ).toBe(true);
    const byText = await t
      .http()
      .get(`/api/users?q=${encodeURIComponent('新师傅')}`)
      .set(bearer(admin));
    expect(byText.body.items.map((u: { name: string }) => u.name)).toEqual(['新师傅']);
    const wildcard = await t
      .http()
      .get(`/api/users?q=${encodeURIComponent('%')}`)
      .set(bearer(admin));
    expect(wildcard.body.total).toBe(0);
    const paged = await t.http().get('/api/users?pageSize=2&page=2').set(bearer(admin));
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.body.items.length).toBe(2);
  });

  it('resets a password: sessions end and the new one works', async () => {
    const resident = tenant.a.users.resident;
    const before = await login(t, resident.username);
    const reset = await t
      .http()
      .post(`/api/users/${resident.id}/password`)
      .set(bearer(admin))
      .send({ password: 'reset-by-admin-1' });
    expect(reset.status).toBe(204);
    expect((await t.http().get('/api/auth/me').set(bearer(before.accessToken))).status).toBe(401);
    await expect(login(t, resident.username, 'reset-by-admin-1')).resolves.toHaveProperty('accessToken');
  });

  it('adds and removes roles, recording each change', async () => {
    const user = tenant.a.users.reviewer;
    const added = await t
      .http()
      .post(`/api/users/${user.id}/roles`)
      .set(bearer(admin))
      .send({ role: 'dispatcher', communityId: tenant.a.id });
    expect(added.status).toBe(201);
    const role = added.body.roles.find((r: { role: string }) => r.role === 'dispatcher');
    const again = await t
      .http()
      .post(`/api/users/${user.id}/roles`)
      .set(bearer(admin))
      .send({ role: 'dispatcher', communityId: tenant.a.id });
    expect(again.body.roles.filter((r: { role: string }) => r.role === 'dispatcher')).toHaveLength(1);
    const removed = await t.http().delete(`/api/users/${user.id}/roles/${role.id}`).set(bearer(admin));
    expect(removed.body.roles.map((r: { role: string }) => r.role)).toEqual(['reviewer']);
    const audit = await t.http().get(`/api/audit-events?targetId=${user.id}`).set(bearer(admin));
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.role_add', 'user.role_remove']),
    );
  });
});
