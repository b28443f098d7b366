import jwt from 'jsonwebtoken';
import { IsNull } from 'typeorm';
import { READ_CACHE_MS } from '../../src/database/read-cache';
import { UserEntity } from '../../src/modules/identity/entities/user.entity';
import { SessionEntity } from '../../src/modules/identity/entities/session.entity';
import { createTenant, TEST_PASSWORD, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('staff login, tokens and sessions', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCK_MINUTES: '10',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    });
    tenant = await createTenant(t.dataSource);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/auth/me').set(bearer(token));

  it('logs in by username or by phone and describes the caller with roles and permissions', async () => {
    const byName = await login(t, tenant.a.users.admin.username);
    const byPhone = await login(t, tenant.a.users.admin.phone);
    for (const tokens of [byName, byPhone]) {
      const response = await me(tokens.accessToken);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: tenant.a.users.admin.id,
        organizationId: tenant.organizationId,
        roles: [{ role: 'admin', communityId: tenant.a.id, communityName: tenant.a.name }],
      });
      expect(response.body.permissions[tenant.a.id]).toContain('location.manage');
    }
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ account: tenant.b.users.reviewer.username, password: 'nope-nope-nope' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ account: 'nobody.at.all', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('locks an account after repeated failures, even for the right password, and records it', async () => {
    const account = tenant.b.users.dispatcher.username;
    for (let i = 0; i < 3; i += 1) {
      const response = await t.http().post('/api/auth/login').send({ account, password: 'wrong-password-1' });
      expect(response.status).toBe(401);
    }
    const locked = await t.http().post('/api/auth/login').send({ account, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
    const row = await t.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ id: tenant.b.users.dispatcher.id });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    const hq = await login(t, tenant.hq.username);
    const audit = await t
      .http()
      .get(`/api/audit-events?targetId=${tenant.b.users.dispatcher.id}`)
      .set(bearer(hq.accessToken));
    expect(audit.body.items.map((item: { action: string }) => item.action)).toEqual(
      expect.arrayContaining(['auth.locked', 'auth.login_failed']),
    );

    // An admin lifts the lock by enabling the account again.
    const admin = await login(t, tenant.b.users.admin.username);
    const enabled = await t
      .http()
      .post(`/api/users/${tenant.b.users.dispatcher.id}/enable`)
      .set(bearer(admin.accessToken));
    expect(enabled.status).toBe(200);
    await expect(login(t, account)).resolves.toHaveProperty('accessToken');
  });

  it('rotates refresh tokens and ends the session when an old one comes back', async () => {
    const first = await login(t, tenant.a.users.reviewer.username);
    const refreshed = await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(refreshed.body.accessToken)).status).toBe(200);

    const replay = await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The thief's replay ended the whole session: the new pair is dead too.
    expect((await me(refreshed.body.accessToken)).status).toBe(401);
    const again = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('lets exactly one of two simultaneous refreshes with one token win', async () => {
    const tokens = await login(t, tenant.a.users.vendor.username);
    const answers = await Promise.all(
      [1, 2].map(() => t.http().post('/api/auth/refresh').send({ refreshToken: tokens.refreshToken })),
    );
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('ends the session at logout: the access token stops working at once', async () => {
    const tokens = await login(t, tenant.a.users.dispatcher.username);
    expect((await t.http().post('/api/auth/logout').set(bearer(tokens.accessToken)).send({})).status).toBe(
      204,
    );
    const after = await me(tokens.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('TOKEN_INVALID');
    expect(
      (await t.http().post('/api/auth/refresh').send({ refreshToken: tokens.refreshToken })).status,
    ).toBe(401);
  });

  it('ends every session with allSessions, and logout accepts an empty body', async () => {
    const one = await login(t, tenant.b.users.vendor.username);
    const two = await login(t, tenant.b.users.vendor.username);
    expect(
      (await t.http().post('/api/auth/logout').set(bearer(one.accessToken)).send({ allSessions: true }))
        .status,
    ).toBe(204);
    expect((await me(two.accessToken)).status).toBe(401);
    const three = await login(t, tenant.b.users.vendor.username);
    expect((await t.http().post('/api/auth/logout').set(bearer(three.accessToken))).status).toBe(204);
    const open = await t.dataSource
      .getRepository(SessionEntity)
      .countBy({ userId: tenant.b.users.vendor.id, revokedAt: IsNull() });
    expect(open).toBe(0);
  });

  it('refuses a disabled user on the very next request to the same server (R7)', async () => {
    const engineer = await login(t, tenant.a.users.temp_engineer.username);
    expect((await me(engineer.accessToken)).status).toBe(200);
    const admin = await login(t, tenant.a.users.admin.username);
    expect(
      (
        await t
          .http()
          .post(`/api/users/${tenant.a.users.temp_engineer.id}/disable`)
          .set(bearer(admin.accessToken))
      ).status,
    ).toBe(200);
    const after = await me(engineer.accessToken);
    expect(after.status).toBe(401);
    expect(['ACCOUNT_DISABLED', 'TOKEN_INVALID']).toContain(after.body.code);
    const relogin = await t
      .http()
      .post('/api/auth/login')
      .send({ account: tenant.a.users.temp_engineer.username, password: TEST_PASSWORD });
    expect(relogin.status).toBe(401);
    expect(relogin.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('refuses a disabled user on another server process within the stated bound (R7)', async () => {
    // A second process on the same database, with its own cache of who is signed in.
    const other = await startTestApp({ JWT_SECRET: t.config.auth.jwtSecret }, { shareDatabaseWith: t });
    try {
      const engineer = await login(t, tenant.b.users.temp_engineer.username);
      const there = () => other.http().get('/api/auth/me').set(bearer(engineer.accessToken));
      expect((await there()).status).toBe(200);
      const admin = await login(t, tenant.b.users.admin.username);
      const disabledAt = Date.now();
      expect(
        (
          await t
            .http()
            .post(`/api/users/${tenant.b.users.temp_engineer.id}/disable`)
            .set(bearer(admin.accessToken))
        ).status,
      ).toBe(200);
      // Here at once; there once its cached copy runs out, READ_CACHE_MS at most.
      expect((await me(engineer.accessToken)).status).toBe(401);
      let answer = await there();
      while (answer.status === 200 && Date.now() - disabledAt < READ_CACHE_MS + 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await there();
      }
      expect(answer.status).toBe(401);
      // The bound holds: the refusal came no later than the cache period (plus this loop's step
      // and a slow machine's request time).
      expect(Date.now() - disabledAt).toBeLessThan(READ_CACHE_MS + 3_000);
    } finally {
      await other.close();
    }
  });

  it('drops a removed role on the very next request to the same server (R7)', async () => {
    const hq = await login(t, tenant.hq.username);
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(hq.accessToken))
      .send({
        name: '临时管理员',
        username: `tmpadmin.${tenant.a.code}`,
        password: 'a-good-passphrase',
        roles: [{ role: 'admin', communityId: tenant.a.id }],
      });
    expect(created.status).toBe(201);
    const tokens = await login(t, `tmpadmin.${tenant.a.code}`, 'a-good-passphrase');
    const before = await t
      .http()
      .get(`/api/users?communityId=${tenant.a.id}`)
      .set(bearer(tokens.accessToken));
    expect(before.status).toBe(200);
    const roleId = created.body.roles[0].id;
    expect(
      (await t.http().delete(`/api/users/${created.body.id}/roles/${roleId}`).set(bearer(hq.accessToken)))
        .status,
    ).toBe(200);
    const after = await t.http().get(`/api/users?communityId=${tenant.a.id}`).set(bearer(tokens.accessToken));
    expect(after.status).toBe(403);
  });

  describe('forged and misused tokens (R6)', () => {
    let valid: string;
    let claims: jwt.JwtPayload;
    beforeAll(async () => {
      valid = (await login(t, tenant.b.users.engineer.username)).accessToken;
      claims = jwt.decode(valid) as jwt.JwtPayload;
    });

    const sign = (payload: object, options: jwt.SignOptions = {}, secret = t.config.auth.jwtSecret) =>
      jwt.sign(payload, secret, { algorithm: 'HS256', ...options });

    it('accepts the genuine token', async () => {
      expect((await me(valid)).status).toBe(200);
    });

    it.each([
      ['no token', ''],
      [
        'alg none',
        () =>
          `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${valid.split('.')[1]}.`,
      ],
      ['a changed signature', () => `${valid.slice(0, -4)}${valid.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`],
      [
        'a changed payload',
        () => {
          const [h, , s] = valid.split('.');
          return `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: tenant.a.users.admin.id })).toString('base64url')}.${s}`;
        },
      ],
      ['another secret', () => sign({ ...claims }, {}, 'x'.repeat(40))],
      [
        'an expired token',
        () =>
          sign({
            ...claims,
            exp: Math.floor(Date.now() / 1000) - 10,
            iat: Math.floor(Date.now() / 1000) - 1000,
          }),
      ],
      ['another audience', () => sign({ ...claims, aud: 'someone-else' })],
      ['another issuer', () => sign({ ...claims, iss: 'someone-else' })],
      ['a non-access token type', () => sign({ ...claims, typ: 'refresh' })],
      ['another user in the same session', () => sign({ ...claims, sub: tenant.a.users.admin.id })],
    ])('refuses %s with 401', async (_name, make) => {
      const token = typeof make === 'function' ? make() : make;
      const response = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(['AUTH_REQUIRED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']).toContain(response.body.code);
    });

    it('refuses a refresh token used as an access token', async () => {
      const tokens = await login(t, tenant.b.users.engineer.username);
      const response = await me(tokens.refreshToken);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('TOKEN_INVALID');
    });

    it('says TOKEN_EXPIRED for an expired genuine token so the app knows to refresh', async () => {
      const expired = sign({
        ...claims,
        exp: Math.floor(Date.now() / 1000) - 1,
        iat: Math.floor(Date.now() / 1000) - 100,
      });
      expect((await me(expired)).body.code).toBe('TOKEN_EXPIRED');
    });

    it('refuses a token it accepted before once that token has expired', async () => {
      // A verified token is remembered until its expiry, and not a moment longer.
      const now = Math.floor(Date.now() / 1000);
      const shortLived = sign({ ...claims, iat: now, exp: now + 2 });
      expect((await me(shortLived)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 100));
      expect((await me(shortLived)).body.code).toBe('TOKEN_EXPIRED');
    });
  });

  it('changes a password: old one refused, other sessions ended, this one kept', async () => {
    const account = tenant.b.users.resident.username;
    const here = await login(t, account);
    const elsewhere = await login(t, account);
    const weak = await t
      .http()
      .post('/api/auth/password')
      .set(bearer(here.accessToken))
      .send({ currentPassword: TEST_PASSWORD, newPassword: '12345678' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');
    const changed = await t
      .http()
      .post('/api/auth/password')
      .set(bearer(here.accessToken))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'brand-new-passphrase' });
    expect(changed.status).toBe(204);
    expect((await me(here.accessToken)).status).toBe(200);
    expect((await me(elsewhere.accessToken)).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ account, password: TEST_PASSWORD })).status).toBe(
      401,
    );
    await expect(login(t, account, 'brand-new-passphrase')).resolves.toHaveProperty('accessToken');
  });

  it('asks for the organisation when a phone number is registered in two', async () => {
    const other = await createTenant(t.dataSource);
    await t.dataSource
      .getRepository(UserEntity)
      .update({ id: other.a.users.resident.id }, { phone: tenant.a.users.resident.phone });
    const ambiguous = await t
      .http()
      .post('/api/auth/login')
      .send({ account: tenant.a.users.resident.phone, password: TEST_PASSWORD });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.code).toBe('ORGANIZATION_REQUIRED');
    const chosen = await t.http().post('/api/auth/login').send({
      account: tenant.a.users.resident.phone,
      password: TEST_PASSWORD,
      organizationCode: other.organizationCode,
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.user.id).toBe(other.a.users.resident.id);
  });
});

describe('login rate limit per client (R8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers a burst from one client with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: { headers: Record<string, string>; body: { code: string } } | undefined;
    for (let i = 0; i < 8; i += 1) {
      const response = await t
        .http()
        .post('/api/auth/login')
        .send({ account: `someone${i}`, password: 'whatever-it-is' });
      statuses.push(response.status);
      last = response;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(last!.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
