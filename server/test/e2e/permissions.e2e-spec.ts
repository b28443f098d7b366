import { PERMISSIONS, ROLES, rolesAllow, type Permission, type Role } from '@smart-repair/shared';
import { randomBytes } from 'node:crypto';
import type { Test } from 'supertest';
import { createTenant, type TestCommunity, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

type Probe = (t: TestApp, own: TestCommunity) => Test;

/** One representative request per permission, acting in the caller's own community. */
const PROBES: Record<Permission, Probe> = {
  'organization.read': (t) => t.http().get('/api/organization'),
  'community.read': (t, own) => t.http().get(`/api/communities/${own.id}`),
  'community.create': (t) =>
    t
      .http()
      .post('/api/communities')
      .send({ code: `C${randomBytes(3).toString('hex')}`, name: '新小区' }),
  'community.update': (t, own) => t.http().patch(`/api/communities/${own.id}`).send({ address: '新地址' }),
  'location.read': (t, own) => t.http().get(`/api/locations?communityId=${own.id}`),
  'location.manage': (t, own) =>
    t.http().post('/api/locations').send({ communityId: own.id, kind: 'area', name: '新区' }),
  'user.read': (t, own) => t.http().get(`/api/users?communityId=${own.id}`),
  'user.manage': (t, own) => t.http().patch(`/api/users/${own.users.resident.id}`).send({ onDuty: true }),
  'trade.read': (t, own) => t.http().get(`/api/trades?communityId=${own.id}`),
  'trade.manage': (t, own) => t.http().patch(`/api/trades/${own.tradeId}`).send({ description: '改' }),
  'category.read': (t, own) => t.http().get(`/api/categories?communityId=${own.id}`),
  'category.manage': (t, own) =>
    t.http().patch(`/api/categories/${own.categoryId}`).send({ description: '改' }),
  'audit.read': (t, own) => t.http().get(`/api/audit-events?communityId=${own.id}`),
};

/** R4: every role × every permission, permit and forbid, straight from the matrix in shared/. */
describe('role × permission matrix (R4)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    for (const role of ROLES) {
      const username = role === 'hq_admin' ? tenant.hq.username : tenant.a.users[role].username;
      tokens.set(role, (await login(t, username)).accessToken);
    }
  });
  afterAll(() => t.close());

  it('has a probe for every permission', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...PERMISSIONS].sort());
  });

  const cases = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const));

  it.each(cases)('%s · %s', async (role, permission) => {
    const response = await PROBES[permission](t, tenant.a).set(bearer(tokens.get(role)!));
    const outcome =
      response.status >= 200 && response.status < 300
        ? 'allowed'
        : response.status === 403 && response.body.code === 'PERMISSION_DENIED'
          ? 'forbidden'
          : `unexpected ${response.status} ${JSON.stringify(response.body)}`;
    expect(outcome).toBe(rolesAllow([role], permission) ? 'allowed' : 'forbidden');
  });
});
