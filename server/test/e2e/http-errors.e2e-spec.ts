import { ERROR_CODES } from '@smart-repair/shared';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/** One error body everywhere, never a 500 for bad input, and a request id on every log line. */
describe('HTTP errors and request ids', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    token = (await login(t, tenant.a.users.admin.username)).accessToken;
  });
  afterAll(() => t.close());

  function expectErrorBody(body: Record<string, unknown>, code: string) {
    expect(body.code).toBe(code);
    expect(ERROR_CODES).toContain(body.code);
    expect(typeof body.message).toBe('string');
    expect(typeof body.requestId).toBe('string');
  }

  it('answers malformed JSON with 400 MALFORMED_BODY', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"account": ');
    expect(response.status).toBe(400);
    expectErrorBody(response.body, 'MALFORMED_BODY');
  });

  it('answers wrong types with 400 VALIDATION_FAILED naming each field', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ account: 42, password: ['x'] });
    expect(response.status).toBe(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['account', 'password']);
  });

  it('refuses unknown fields (no mass assignment)', async () => {
    const response = await t
      .http()
      .post('/api/locations')
      .set(bearer(token))
      .send({ communityId: tenant.a.id, kind: 'area', name: '新区', organizationId: tenant.organizationId });
    expect(response.status).toBe(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
    expect(response.body.details.fields.organizationId).toEqual(['property organizationId should not exist']);
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ account: 'x', password: 'y'.repeat(1024 * 1024 + 10) });
    expect(response.status).toBe(413);
    expectErrorBody(response.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'text/plain')
      .send('account=x');
    expect(response.status).toBe(415);
    expectErrorBody(response.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const response = await t.http().get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expectErrorBody(response.body, 'ROUTE_NOT_FOUND');
  });

  it('answers a malformed id in the path with 400, not a database error', async () => {
    const response = await t.http().get('/api/locations/not-a-uuid').set(bearer(token));
    expect(response.status).toBe(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
  });

  it('clamps huge page sizes instead of failing (R9)', async () => {
    const response = await t.http().get('/api/users?pageSize=100000').set(bearer(token));
    expect(response.status).toBe(200);
    expect(response.body.pageSize).toBe(100);
  });

  it('refuses a non-numeric page with 400', async () => {
    const response = await t.http().get('/api/users?page=abc').set(bearer(token));
    expect(response.status).toBe(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
  });

  it('echoes a caller’s request id and writes it on every log line of the request', async () => {
    const requestId = 'trace-0123456789abcdef';
    const response = await t.http().get('/api/no-such-thing').set('x-request-id', requestId);
    expect(response.headers['x-request-id']).toBe(requestId);
    expect(response.body.requestId).toBe(requestId);
    const lines = t.logs.filter((line) => line.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.msg === 'request' && line.status === 404)).toBe(true);
  });

  it('makes its own request id when the caller’s is unusable', async () => {
    const response = await t.http().get('/api/health').set('x-request-id', 'bad id with spaces');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records the request id in the audit trail of a change', async () => {
    const requestId = 'audit-trace-000000001';
    const created = await t
      .http()
      .post('/api/locations')
      .set(bearer(token))
      .set('x-request-id', requestId)
      .send({ communityId: tenant.a.id, kind: 'area', name: '审计区' });
    expect(created.status).toBe(201);
    const audit = await t.http().get(`/api/audit-events?targetId=${created.body.id}`).set(bearer(token));
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'location.create', requestId, actorId: tenant.a.users.admin.id }),
    ]);
  });
});
