import {
  DEFAULT_COMMUNITY_SETTINGS,
  PERMISSIONS,
  ROLES,
  rolesAllow,
  type Permission,
  type Role,
} from '@smart-repair/shared';
import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { createTenant, type TestCommunity, type TestTenant } from '../factories/tenant.factory';
import { png } from '../fixtures/media';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

interface ProbeContext {
  /** A request as the role under test. */
  as: (method: 'get' | 'post' | 'patch' | 'put', path: string) => Test;
  /** A fresh ticket of the community, dispatched to its engineer, or further on. */
  ticketIn: (status: 'dispatched' | 'plan_pending') => Promise<string>;
  /** A surcharge the engineer asked for on a fresh ticket of the community. */
  surchargeIn: () => Promise<string>;
}
type Probe = (c: ProbeContext, own: TestCommunity) => Promise<Response>;

/** The settings these probes run under: no duplicate linking, so every fresh ticket is its own. */
const PROBE_SETTINGS = {
  ...DEFAULT_COMMUNITY_SETTINGS,
  dispatch: { ...DEFAULT_COMMUNITY_SETTINGS.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 },
};

/** What a report needs besides place and category (office reports name the caller). */
const REPORT = { description: '水龙头漏水', contactName: '孙女士', contactPhone: '13700000000' };

/** One representative request per permission, acting in the caller's own community. */
const PROBES: Record<Permission, Probe> = {
  'organization.read': async (c) => c.as('get', '/api/organization'),
  'community.read': async (c, own) => c.as('get', `/api/communities/${own.id}`),
  'community.create': async (c) =>
    c.as('post', '/api/communities').send({ code: `C${randomBytes(3).toString('hex')}`, name: '新小区' }),
  'community.update': async (c, own) =>
    c.as('patch', `/api/communities/${own.id}`).send({ address: '新地址' }),
  'location.read': async (c, own) => c.as('get', `/api/locations?communityId=${own.id}`),
  'location.manage': async (c, own) =>
    c.as('post', '/api/locations').send({ communityId: own.id, kind: 'area', name: '新区' }),
  'user.read': async (c, own) => c.as('get', `/api/users?communityId=${own.id}`),
  'user.manage': async (c, own) =>
    c.as('patch', `/api/users/${own.users.resident.id}`).send({ onDuty: true }),
  'trade.read': async (c, own) => c.as('get', `/api/trades?communityId=${own.id}`),
  'trade.manage': async (c, own) => c.as('patch', `/api/trades/${own.tradeId}`).send({ description: '改' }),
  'category.read': async (c, own) => c.as('get', `/api/categories?communityId=${own.id}`),
  'category.manage': async (c, own) =>
    c.as('patch', `/api/categories/${own.categoryId}`).send({ description: '改' }),
  'audit.read': async (c, own) => c.as('get', `/api/audit-events?communityId=${own.id}`),
  'settings.read': async (c, own) => c.as('get', `/api/communities/${own.id}/settings`),
  'settings.manage': async (c, own) =>
    c.as('put', `/api/communities/${own.id}/settings`).send(PROBE_SETTINGS),
  'platform.manage': async (c) => c.as('get', '/api/platform-apps'),
  'surcharge.approve': async (c, own) => c.as('get', `/api/surcharges?communityId=${own.id}`),
  'payment.read': async (c, own) => c.as('get', `/api/ledger?communityId=${own.id}`),
  'payment.refund': async (c) => c.as('get', `/api/surcharges/${await c.surchargeIn()}/refundable`),
  'notification.manage': async (c) => c.as('get', '/api/notification-deliveries'),
  'attachment.upload': async (c, own) =>
    c.as('post', '/api/attachments').field('communityId', own.id).attach('file', png(), 'probe.png'),
  'ticket.report': async (c, own) =>
    c
      .as('post', '/api/tickets')
      .send({ communityId: own.id, locationId: own.roomId, categoryId: own.categoryId, ...REPORT }),
  'ticket.read': async (c) => c.as('get', '/api/tickets/mine'),
  'ticket.work': async (c) => c.as('get', '/api/tickets/tasks'),
  'ticket.dispatch': async (c, own) =>
    c
      .as('post', `/api/tickets/${await c.ticketIn('dispatched')}/redispatch`)
      .send({ engineerId: own.users.engineer.id }),
  'ticket.verify': async (c) =>
    c.as('post', `/api/tickets/${await c.ticketIn('dispatched')}/close`).send({ reason: '测试关闭' }),
  'ticket.approve': async (c) =>
    c
      .as('post', `/api/tickets/${await c.ticketIn('plan_pending')}/plan-refuse`)
      .send({ reason: '先临时处理' }),
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
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.get('admin')!))
      .send(PROBE_SETTINGS)
      .expect(200);
  });

  /** Made by the resident and moved on by the engineer through the real routes. */
  async function ticketIn(status: 'dispatched' | 'plan_pending'): Promise<string> {
    const resident = bearer(tokens.get('resident')!);
    const engineer = bearer(tokens.get('engineer')!);
    const own = tenant.a;
    const report = await t
      .http()
      .post('/api/tickets')
      .set(resident)
      .send({ communityId: own.id, locationId: own.roomId, categoryId: own.categoryId, ...REPORT });
    const id = report.body.ticket.id as string;
    if (status === 'plan_pending') {
      await t.http().post(`/api/tickets/${id}/take`).set(engineer).expect(200);
      await t.http().post(`/api/tickets/${id}/start`).set(engineer).expect(200);
      const plannedFor = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
      await t
        .http()
        .post(`/api/tickets/${id}/plan-request`)
        .set(engineer)
        .send({ plannedFor, reason: '待配件' })
        .expect(200);
    }
    return id;
  }

  async function surchargeIn(): Promise<string> {
    const id = await ticketIn('dispatched');
    const engineer = bearer(tokens.get('engineer')!);
    await t.http().post(`/api/tickets/${id}/take`).set(engineer).expect(200);
    const surcharge = await t
      .http()
      .post(`/api/tickets/${id}/surcharges`)
      .set(engineer)
      .send({ reason: 'other', lines: [{ name: '配件', quantity: 1, unitPriceFen: 1000 }] })
      .expect(201);
    return surcharge.body.id as string;
  }
  afterAll(() => t.close());

  it('has a probe for every permission', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...PERMISSIONS].sort());
  });

  const cases = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const));

  it.each(cases)('%s · %s', async (role, permission) => {
    const as: ProbeContext['as'] = (method, path) =>
      t
        .http()
        [method](path)
        .set(bearer(tokens.get(role)!));
    const response = await PROBES[permission]({ as, ticketIn, surchargeIn }, tenant.a);
    const outcome =
      response.status >= 200 && response.status < 300
        ? 'allowed'
        : response.status === 403 && response.body.code === 'PERMISSION_DENIED'
          ? 'forbidden'
          : `unexpected ${response.status} ${JSON.stringify(response.body)}`;
    expect(outcome).toBe(rolesAllow([role], permission) ? 'allowed' : 'forbidden');
  });
});
