import type { Response, Test } from 'supertest';
import { DEFAULT_COMMUNITY_SETTINGS, isPermission, rolesAllow, type Role } from '@smart-repair/shared';
import type { DataSource } from 'typeorm';
import { RoleAssignmentEntity } from '../../src/modules/identity/entities/role-assignment.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { png } from '../fixtures/media';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { reportTicket } from '../support/tickets';
import { OutboxWorker } from '../../src/modules/notify/outbox.worker';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: { name: string; in: string; required?: boolean }[];
  bodySchema?: Record<string, unknown>;
  /** The body is multipart/form-data (an upload) rather than JSON. */
  multipart?: boolean;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
};
interface Schema {
  type?: string;
  properties?: Record<
    string,
    Schema & { example?: unknown; items?: Schema & { $ref?: string }; $ref?: string }
  >;
  required?: string[];
  $ref?: string;
  format?: string;
  items?: Schema;
  example?: unknown;
}

function operations(document: OpenApi): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const ref = operation.requestBody?.content['application/json']?.schema.$ref;
      // Uploads describe their multipart body inline rather than as a component.
      const multipart = operation.requestBody?.content['multipart/form-data']?.schema;
      list.push({
        method: method as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        bodySchema:
          ref !== undefined
            ? (document.components.schemas[ref.split('/').pop()!] as Record<string, unknown>)
            : (multipart as Record<string, unknown> | undefined),
        multipart: multipart !== undefined,
      });
    }
  }
  return list;
}

/** A body valid by the schema's own examples, with every id pointing at the victim's rows. */
function bodyFrom(document: OpenApi, schema: Schema, ids: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (name in ids) body[name] = ids[name];
    else if (property.items?.$ref !== undefined) {
      const nested = document.components.schemas[property.items.$ref.split('/').pop()!]!;
      body[name] = [bodyFrom(document, nested, ids)];
    } else if (property.example !== undefined) body[name] = property.example;
  }
  return body;
}

/**
 * Sends the body: JSON, or for an upload the same values as form fields followed by a small PNG in
 * each binary property (the upload route wants its fields before the file).
 */
function withBody(call: Test, operation: Operation, body: Record<string, unknown> | undefined): Test {
  if (body === undefined) return call;
  if (!operation.multipart) return call.send(body);
  const properties = (operation.bodySchema as Schema).properties ?? {};
  const files = Object.keys(properties).filter((name) => properties[name]!.format === 'binary');
  for (const [name, value] of Object.entries(body)) {
    if (!files.includes(name)) void call.field(name, String(value));
  }
  for (const name of files) void call.attach(name, png(), 'probe.png');
  return call;
}

/**
 * The guard's refusal for a permission the attacker's roles hold nowhere: decided before any row
 * is read, so it tells nothing about the record.
 */
function refusedByRoleAlone(response: Response, roles: Role[]): boolean {
  const permission = (response.body as { details?: { permission?: unknown } }).details?.permission;
  return (
    response.status === 403 &&
    response.body.code === 'PERMISSION_DENIED' &&
    isPermission(permission) &&
    !rolesAllow(roles, permission)
  );
}

/** Everything of one community that the sweep must leave untouched. */
async function snapshot(dataSource: DataSource, communityId: string): Promise<string> {
  const tables = [
    'communities',
    'locations',
    'trades',
    'trade_areas',
    'trade_members',
    'repair_categories',
    'role_assignments',
    'community_settings',
    'sensitive_words',
    'barred_reporters',
    'attachments',
    'tickets',
    'ticket_events',
    'ticket_messages',
    'ticket_participants',
    'ticket_counters',
    'outbox_messages',
  ];
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) {
    const column = table === 'communities' ? 'id' : 'communityId';
    rows[table] = await dataSource.query(`SELECT * FROM ${table} WHERE ${column} = ? ORDER BY 1, 2`, [
      communityId,
    ]);
  }
  rows.users = await dataSource.query(
    'SELECT u.* FROM users u WHERE u.id IN (SELECT userId FROM role_assignments WHERE communityId = ?) ORDER BY u.id',
    [communityId],
  );
  return JSON.stringify(rows);
}

/**
 * R1–R3: driven from the OpenAPI document, so a new route with an id is swept without anyone
 * remembering to add it. Attackers: the admin of another community of the same organisation,
 * and the HQ admin of another organisation.
 */
describe('tenant isolation (R1–R3)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let document: OpenApi;
  let victimIds: Record<string, string>;
  let victimRoleId: string;
  let victimWordId: string;
  let victimBarId: string;
  let attackers: { name: string; token: string; roles: Role[] }[];

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    other = await createTenant(t.dataSource);
    document = (await t.http().get('/api/docs-json')).body as OpenApi;
    const a = tenant.a;
    victimRoleId = (
      await t.dataSource.getRepository(RoleAssignmentEntity).findOneByOrFail({ userId: a.users.engineer.id })
    ).id;
    victimIds = {
      communities: a.id,
      locations: a.roomId,
      trades: a.tradeId,
      categories: a.categoryId,
      users: a.users.engineer.id,
      attachments: (
        await t
          .http()
          .post('/api/attachments')
          .set(bearer((await login(t, a.users.resident.username)).accessToken))
          .field('communityId', a.id)
          .attach('file', png(), 'victim.png')
      ).body.id,
    };
    victimIds['platform-apps'] = (
      await t
        .http()
        .post('/api/platform-apps')
        .set(bearer((await login(t, tenant.hq.username)).accessToken))
        .send({ kind: 'wecom', appId: 'ww-victim', name: '受害应用', secret: 'victim-secret' })
        .expect(201)
    ).body.id;
    const residentA = (await login(t, a.users.resident.username)).accessToken;
    victimIds.tickets = (await reportTicket(t, residentA, a, { description: `${a.name}的受害工单` })).id;
    const engineerA = bearer((await login(t, a.users.engineer.username)).accessToken);
    await t.http().post(`/api/tickets/${victimIds.tickets}/take`).set(engineerA).expect(200);
    victimIds.surcharges = (
      await t
        .http()
        .post(`/api/tickets/${victimIds.tickets}/surcharges`)
        .set(engineerA)
        .send({ reason: 'over_budget', lines: [{ name: '受害配件', quantity: 1, unitPriceFen: 1000 }] })
        .expect(201)
    ).body.id;
    await t.app.get(OutboxWorker).runOnce();
    victimIds.inbox = (await t.http().get('/api/inbox').set(bearer(residentA))).body.items[0].id;
    // A delivery's id is its inbox message's id.
    victimIds['notification-deliveries'] = victimIds.inbox;
    await t
      .http()
      .post(`/api/tickets/${victimIds.tickets}/messages`)
      .set(bearer(residentA))
      .send({ body: '受害留言' })
      .expect(201);
    const adminA = bearer((await login(t, a.users.admin.username)).accessToken);
    await t
      .http()
      .put(`/api/communities/${a.id}/settings`)
      .set(adminA)
      .send(DEFAULT_COMMUNITY_SETTINGS)
      .expect(200);
    victimWordId = (
      await t
        .http()
        .post(`/api/communities/${a.id}/sensitive-words`)
        .set(adminA)
        .send({ word: '受害词' })
        .expect(201)
    ).body.id;
    victimBarId = (
      await t
        .http()
        .post(`/api/communities/${a.id}/barred-reporters`)
        .set(adminA)
        .send({ userId: a.users.resident.id, reason: '受害禁令' })
        .expect(201)
    ).body.id;
    attackers = [
      {
        name: 'admin of community b',
        roles: ['admin'],
        token: (await login(t, tenant.b.users.admin.username)).accessToken,
      },
      {
        name: 'engineer of community b',
        roles: ['engineer'],
        token: (await login(t, tenant.b.users.engineer.username)).accessToken,
      },
      {
        name: 'resident of community b',
        roles: ['resident'],
        token: (await login(t, tenant.b.users.resident.username)).accessToken,
      },
      {
        name: 'HQ of another organisation',
        roles: ['hq_admin'],
        token: (await login(t, other.hq.username)).accessToken,
      },
    ];
  });
  afterAll(() => t.close());

  /** The victim's id for each path parameter; a route with a parameter missing here fails the test. */
  function pathFor(operation: Operation): string {
    const resource = operation.path.split('/')[2]!;
    return operation.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
      if (name === 'roleId') return victimRoleId;
      if (name === 'wordId') return victimWordId;
      if (name === 'barId') return victimBarId;
      if (name === 'outTradeNo') return 'SRvictim0000000000000000';
      if (name === 'id' && resource in victimIds) return victimIds[resource]!;
      throw new Error(
        `No victim id for {${name}} in ${operation.method.toUpperCase()} ${operation.path}: add it to this sweep`,
      );
    });
  }

  const bodyIds = () => ({
    communityId: tenant.a.id,
    parentId: tenant.a.areaId,
    tradeId: tenant.a.tradeId,
    areaIds: [tenant.a.areaId],
    userIds: [tenant.a.users.engineer.id],
    engineerId: tenant.a.users.engineer.id,
    engineerIds: [tenant.a.users.engineer.id],
    locationId: tenant.a.rooms[1],
    categoryId: tenant.a.categoryId,
    intoTicketId: victimIds.tickets,
    attachmentIds: [victimIds.attachments],
  });

  it('finds the routes to sweep in the OpenAPI document', () => {
    const withIds = operations(document).filter((operation) => operation.path.includes('{'));
    expect(withIds.length).toBeGreaterThanOrEqual(15);
  });

  /**
   * WeChat Pay's callback is public: the id in its path is a merchant's and the signature decides
   * (the payments suite refuses every forgery with 4xx); nothing a tenant owns is read back.
   */
  const CALLBACKS = ['/api/payments/wechat/notify/{id}'];
  const swept = () =>
    operations(document).filter((op) => op.path.includes('{') && !CALLBACKS.includes(op.path));

  it('answers 404 on every route with another tenant’s id in the path, leaks nothing and changes nothing (R1, R2)', async () => {
    const before = await snapshot(t.dataSource, tenant.a.id);
    const failures: string[] = [];
    const reached = new Set<string>();
    for (const attacker of attackers) {
      for (const operation of swept()) {
        const path = pathFor(operation);
        const body = operation.bodySchema
          ? bodyFrom(document, operation.bodySchema as Schema, bodyIds())
          : undefined;
        const call = t.http()[operation.method](path).set(bearer(attacker.token));
        const response = await withBody(call, operation, body);
        const text = JSON.stringify(response.body);
        if (response.status === 404) reached.add(`${operation.method} ${operation.path}`);
        if (
          (response.status !== 404 && !refusedByRoleAlone(response, attacker.roles)) ||
          text.includes(tenant.a.name) ||
          text.includes(tenant.a.users.engineer.phone)
        ) {
          failures.push(
            `${attacker.name}: ${operation.method.toUpperCase()} ${operation.path} → ${response.status} ${text}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    // Every route was reached by some attacker whose role may use it: none was swept by 403s alone.
    const unreached = swept()
      .map((op) => `${op.method} ${op.path}`)
      .filter((key) => !reached.has(key));
    expect(unreached).toEqual([]);
    expect(await snapshot(t.dataSource, tenant.a.id)).toBe(before);
  });

  it('answers 404 when another tenant’s community is named in a query or body (R1, R2)', async () => {
    const before = await snapshot(t.dataSource, tenant.a.id);
    const failures: string[] = [];
    const candidates = operations(document).filter(
      (operation) =>
        !operation.path.includes('{') &&
        // The enrolment token, not the caller, names the organisation there; without a valid one
        // nothing is looked up (its own suite enrols with another organisation's token: 404).
        operation.path !== '/api/auth/platform-enrol' &&
        (operation.parameters.some((parameter) => parameter.name === 'communityId' && parameter.required) ||
          JSON.stringify(operation.bodySchema ?? {}).includes('communityId')),
    );
    expect(candidates.length).toBeGreaterThanOrEqual(6);
    for (const attacker of attackers) {
      for (const operation of candidates) {
        const body = operation.bodySchema
          ? bodyFrom(document, operation.bodySchema as Schema, bodyIds())
          : undefined;
        const call = t
          .http()
          [operation.method](`${operation.path}?communityId=${tenant.a.id}`)
          .set(bearer(attacker.token));
        const response = await withBody(call, operation, body);
        if (response.status !== 404 && !refusedByRoleAlone(response, attacker.roles)) {
          failures.push(
            `${attacker.name}: ${operation.method.toUpperCase()} ${operation.path} → ${response.status} ${JSON.stringify(response.body)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot(t.dataSource, tenant.a.id)).toBe(before);
  });

  describe('lists hold exactly the caller’s rows (R3)', () => {
    let adminB: string;
    let hq: string;
    beforeAll(async () => {
      adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
      hq = (await login(t, tenant.hq.username)).accessToken;
    });

    it('communities', async () => {
      const forB = await t.http().get('/api/communities').set(bearer(adminB));
      expect(forB.body.map((c: { id: string }) => c.id)).toEqual([tenant.b.id]);
      const forHq = await t.http().get('/api/communities').set(bearer(hq));
      expect(forHq.body.map((c: { id: string }) => c.id).sort()).toEqual([tenant.a.id, tenant.b.id].sort());
    });

    it('users: only people holding a role in the caller’s communities', async () => {
      const forB = await t.http().get('/api/users?pageSize=100').set(bearer(adminB));
      const ids = forB.body.items.map((u: { id: string }) => u.id).sort();
      expect(ids).toEqual(
        Object.values(tenant.b.users)
          .map((u) => u.id)
          .sort(),
      );
      const forHq = await t.http().get('/api/users?pageSize=100').set(bearer(hq));
      expect(forHq.body.total).toBe(1 + Object.keys(tenant.a.users).length * 2);
    });

    it('locations, trades and categories of one community', async () => {
      for (const path of ['locations', 'trades', 'categories']) {
        const response = await t.http().get(`/api/${path}?communityId=${tenant.b.id}`).set(bearer(adminB));
        expect(response.status).toBe(200);
        expect(response.body.length).toBeGreaterThan(0);
        expect(response.body.every((row: { communityId: string }) => row.communityId === tenant.b.id)).toBe(
          true,
        );
      }
    });

    it('audit events', async () => {
      await t
        .http()
        .post('/api/locations')
        .set(bearer(hq))
        .send({ communityId: tenant.a.id, kind: 'area', name: '诱饵区' });
      await t
        .http()
        .post('/api/locations')
        .set(bearer(adminB))
        .send({ communityId: tenant.b.id, kind: 'area', name: 'B新区' });
      const forB = await t.http().get('/api/audit-events').set(bearer(adminB));
      expect(forB.body.total).toBeGreaterThan(0);
      expect(
        forB.body.items.every((event: { communityId: string }) => event.communityId === tenant.b.id),
      ).toBe(true);
      const named = await t.http().get(`/api/audit-events?communityId=${tenant.a.id}`).set(bearer(adminB));
      expect(named.body.items).toEqual([]);
    });
  });
});
