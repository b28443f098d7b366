import type { DataSource } from 'typeorm';
import { RoleAssignmentEntity } from '../../src/modules/identity/entities/role-assignment.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: { name: string; in: string; required?: boolean }[];
  bodySchema?: Record<string, unknown>;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
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
  items?: Schema;
  example?: unknown;
}

function operations(document: OpenApi): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const ref = operation.requestBody?.content['application/json']?.schema.$ref;
      list.push({
        method: method as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        bodySchema:
          ref === undefined
            ? undefined
            : (document.components.schemas[ref.split('/').pop()!] as Record<string, unknown>),
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
  let attackers: { name: string; token: string }[];

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
    };
    attackers = [
      { name: 'admin of community b', token: (await login(t, tenant.b.users.admin.username)).accessToken },
      { name: 'HQ of another organisation', token: (await login(t, other.hq.username)).accessToken },
    ];
  });
  afterAll(() => t.close());

  /** The victim's id for each path parameter; a route with a parameter missing here fails the test. */
  function pathFor(operation: Operation): string {
    const resource = operation.path.split('/')[2]!;
    return operation.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
      if (name === 'roleId') return victimRoleId;
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
  });

  it('finds the routes to sweep in the OpenAPI document', () => {
    const withIds = operations(document).filter((operation) => operation.path.includes('{'));
    expect(withIds.length).toBeGreaterThanOrEqual(15);
  });

  it('answers 404 on every route with another tenant’s id in the path, leaks nothing and changes nothing (R1, R2)', async () => {
    const before = await snapshot(t.dataSource, tenant.a.id);
    const failures: string[] = [];
    for (const attacker of attackers) {
      for (const operation of operations(document).filter((op) => op.path.includes('{'))) {
        const path = pathFor(operation);
        const body = operation.bodySchema
          ? bodyFrom(document, operation.bodySchema as Schema, bodyIds())
          : undefined;
        const call = t.http()[operation.method](path).set(bearer(attacker.token));
        const response = await (body === undefined ? call : call.send(body));
        const text = JSON.stringify(response.body);
        if (
          response.status !== 404 ||
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
    expect(await snapshot(t.dataSource, tenant.a.id)).toBe(before);
  });

  it('answers 404 when another tenant’s community is named in a query or body (R1, R2)', async () => {
    const before = await snapshot(t.dataSource, tenant.a.id);
    const failures: string[] = [];
    const candidates = operations(document).filter(
      (operation) =>
        !operation.path.includes('{') &&
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
        const response = await (body === undefined ? call : call.send(body));
        if (response.status !== 404) {
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
