import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { reportTicket } from '../support/tickets';

type OpenApi = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

/** Values a careless or hostile client sends where a field is expected. */
const JUNK_BODIES: unknown[] = [
  {},
  [],
  'text',
  42,
  null,
  { communityId: 5, id: {}, name: ['x'], stars: 'five' },
  { __proto__: { admin: true } },
];
const JUNK_QUERY =
  '?page=-1&pageSize=abc&communityId=%00&status=%27%20OR%201%3D1&from=yesterday&overdue=maybe&q=%25%25%25';

/**
 * Every route, driven from the OpenAPI document, with junk bodies, junk query strings and junk
 * ids: each answer is a 4xx with the error body, never a 500.
 */
describe('bad input never makes a 500', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let document: OpenApi;
  let tokens: string[];
  let ticketId: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    document = (await t.http().get('/api/docs-json')).body as OpenApi;
    const resident = (await login(t, tenant.a.users.resident.username)).accessToken;
    ticketId = (await reportTicket(t, resident, tenant.a)).id;
    tokens = [
      (await login(t, tenant.hq.username)).accessToken,
      (await login(t, tenant.a.users.engineer.username)).accessToken,
      resident,
    ];
  });
  afterAll(() => t.close());

  it('answers junk on every route with a 4xx error body', async () => {
    const failures: string[] = [];
    const ids = ['not-an-id', '00000000-0000-0000-0000-000000000000', ticketId, "1' OR '1'='1"];
    for (const [path, methods] of Object.entries(document.paths)) {
      if (path === '/api/auth/login' || path === '/api/auth/logout' || path === '/api/auth/password')
        continue;
      for (const method of Object.keys(methods) as ('get' | 'post' | 'put' | 'patch' | 'delete')[]) {
        for (const id of path.includes('{') ? ids : ['']) {
          const url = path.replace(/\{\w+\}/g, encodeURIComponent(id)) + JUNK_QUERY;
          for (const token of tokens) {
            for (const body of method === 'get' || method === 'delete' ? [undefined] : JUNK_BODIES) {
              const call = t.http()[method](url).set(bearer(token));
              const response = await (body === undefined
                ? call
                : call.set('content-type', 'application/json').send(JSON.stringify(body)));
              const wellFormed =
                typeof response.body?.code === 'string' && typeof response.body?.requestId === 'string';
              if (response.status >= 500 || (response.status >= 400 && !wellFormed)) {
                failures.push(
                  `${method.toUpperCase()} ${url} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`,
                );
              }
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
