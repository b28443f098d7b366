import { type FakePlatforms, startFakePlatforms } from '@smart-repair/fake-platforms';
import { randomBytes } from 'node:crypto';
import { PlatformAppEntity } from '../../src/platforms/platform-app.entity';
import { UserEntity } from '../../src/modules/identity/entities/user.entity';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { platformEnv, registerApp, type RegisteredApp } from '../support/platforms';
import { startTestApp, type TestApp } from '../support/test-app';

let fake: FakePlatforms;
let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;

const PHONE_LOOKUPS_PER_DAY = 2;

function someone(): string {
  return `o${randomBytes(10).toString('hex')}`;
}

interface LoginAnswer {
  outcome: 'signed_in' | 'choose_community';
  session?: { accessToken: string; user: { id: string; roles: { role: string; communityId: string }[] } };
  enrolment?: string;
  communities?: { id: string; name: string }[];
}

function platformLogin(body: Record<string, unknown>) {
  return t.http().post('/api/auth/platform-login').send(body);
}

/** A fresh WeChat login code for this openid, and the login with it. */
async function wechatLogin(app: RegisteredApp, openid: string, extra: Record<string, unknown> = {}) {
  const code = fake.issueLoginCode('wechat', app.appId, {
    openid,
    ...(extra.unionid ? { unionid: extra.unionid as string } : {}),
  });
  const { unionid: _unionid, ...body } = extra;
  return platformLogin({ kind: app.kind, appId: app.appId, code, ...body });
}

beforeAll(async () => {
  fake = await startFakePlatforms({ port: 0 });
  t = await startTestApp({ ...platformEnv(fake), PHONE_LOOKUPS_PER_DAY: String(PHONE_LOOKUPS_PER_DAY) });
  tenant = await createTenant(t.dataSource);
  other = await createTenant(t.dataSource);
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('platform apps (HQ configuration)', () => {
  it('keeps the secret sealed: never answered, not stored in clear', async () => {
    const app = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const { accessToken } = await login(t, tenant.hq.username);
    const list = await t.http().get('/api/platform-apps').set(bearer(accessToken)).expect(200);
    const listed = (list.body as Record<string, unknown>[]).find((row) => row.id === app.id);
    expect(listed).toMatchObject({
      kind: 'wechat_miniprogram',
      appId: app.appId,
      secretHint: app.secret.slice(-4),
    });
    expect(JSON.stringify(list.body)).not.toContain(app.secret);
    const stored = await t.dataSource
      .getRepository(PlatformAppEntity)
      .createQueryBuilder('app')
      .addSelect('app.secretCipher')
      .where({ id: app.id })
      .getOneOrFail();
    expect(stored.secretCipher).not.toContain(app.secret);
  });

  it('refuses a second registration of an app, other organisations and bad input', async () => {
    const app = await registerApp(t, fake, tenant.hq.username, 'baidu');
    const mine = (await login(t, tenant.hq.username)).accessToken;
    const theirs = (await login(t, other.hq.username)).accessToken;
    const again = { kind: 'baidu', appId: app.appId, name: '重复', secret: 'x'.repeat(16) };
    const taken = await t.http().post('/api/platform-apps').set(bearer(theirs)).send(again).expect(409);
    expect(taken.body.code).toBe('PLATFORM_APP_TAKEN');
    const foreign = await t
      .http()
      .patch(`/api/platform-apps/${app.id}`)
      .set(bearer(theirs))
      .send({ name: '改' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('PLATFORM_APP_NOT_FOUND');
    const bad = await t
      .http()
      .post('/api/platform-apps')
      .set(bearer(mine))
      .send({ kind: 'qq', appId: 'x y', name: '', secret: '' })
      .expect(400);
    expect(Object.keys(bad.body.details.fields as object).sort()).toEqual([
      'appId',
      'kind',
      'name',
      'secret',
    ]);
    const admin = (await login(t, tenant.a.users.admin.username)).accessToken;
    await t.http().get('/api/platform-apps').set(bearer(admin)).expect(403);
  });

  it('signs nobody in through a switched-off app', async () => {
    const app = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const { accessToken } = await login(t, tenant.hq.username);
    await t
      .http()
      .patch(`/api/platform-apps/${app.id}`)
      .set(bearer(accessToken))
      .send({ active: false })
      .expect(200);
    const answer = await wechatLogin(app, someone(), { communityId: tenant.a.id });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('PLATFORM_APP_NOT_FOUND');
  });
});

describe('WeChat mini-program login (jscode2session)', () => {
  let app: RegisteredApp;
  beforeAll(async () => {
    app = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
  });

  it('asks a new resident to choose among their own organisation’s communities, then enrols them', async () => {
    const openid = someone();
    const first = await wechatLogin(app, openid);
    expect(first.status).toBe(200);
    const answer = first.body as LoginAnswer;
    expect(answer.outcome).toBe('choose_community');
    expect(answer.communities!.map((c) => c.id).sort()).toEqual([tenant.a.id, tenant.b.id].sort());

    const enrolled = await t
      .http()
      .post('/api/auth/platform-enrol')
      .send({ enrolment: answer.enrolment, communityId: tenant.b.id, name: '李女士' })
      .expect(200);
    const session = (enrolled.body as LoginAnswer).session!;
    expect(session.user.roles).toEqual([
      expect.objectContaining({ role: 'resident', communityId: tenant.b.id }),
    ]);
    const me = await t.http().get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    expect(me.body.name).toBe('李女士');

    // The next login, with a new code, is the same person, signed in at once.
    const again = await wechatLogin(app, openid);
    expect((again.body as LoginAnswer).outcome).toBe('signed_in');
    expect((again.body as LoginAnswer).session!.user.id).toBe(session.user.id);
    // Tapping the enrolment again makes nobody new.
    const twice = await t
      .http()
      .post('/api/auth/platform-enrol')
      .send({ enrolment: answer.enrolment, communityId: tenant.b.id })
      .expect(200);
    expect((twice.body as LoginAnswer).session!.user.id).toBe(session.user.id);
  });

  it('enrols at once into a scanned community, and refuses another organisation’s', async () => {
    const foreign = await wechatLogin(app, someone(), { communityId: other.a.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('COMMUNITY_NOT_FOUND');
    const scanned = await wechatLogin(app, someone(), { communityId: tenant.a.id });
    expect(scanned.status).toBe(200);
    expect((scanned.body as LoginAnswer).session!.user.roles[0]).toMatchObject({
      role: 'resident',
      communityId: tenant.a.id,
    });
  });

  it('refuses used, foreign and made-up codes with PLATFORM_CODE_INVALID', async () => {
    const code = fake.issueLoginCode('wechat', app.appId, { openid: someone() });
    await platformLogin({ kind: app.kind, appId: app.appId, code, communityId: tenant.a.id }).expect(200);
    const reused = await platformLogin({ kind: app.kind, appId: app.appId, code, communityId: tenant.a.id });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('PLATFORM_CODE_INVALID');
    const madeUp = await platformLogin({ kind: app.kind, appId: app.appId, code: 'no-such-code' });
    expect(madeUp.body.code).toBe('PLATFORM_CODE_INVALID');
    const unknownApp = await platformLogin({ kind: app.kind, appId: 'wx-not-registered', code: 'x' });
    expect(unknownApp.status).toBe(404);
    expect(unknownApp.body.code).toBe('PLATFORM_APP_NOT_FOUND');
  });

  it('answers 503 PLATFORM_UNAVAILABLE when WeChat fails, and works once it is back', async () => {
    const openid = someone();
    fake.failNext('/sns/jscode2session', 1, { status: 500 });
    const failed = await wechatLogin(app, openid, { communityId: tenant.a.id });
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('PLATFORM_UNAVAILABLE');
    fake.failNext('/sns/jscode2session', 1, { errcode: -1 });
    expect((await wechatLogin(app, openid, { communityId: tenant.a.id })).status).toBe(503);
    expect((await wechatLogin(app, openid, { communityId: tenant.a.id })).status).toBe(200);
  });

  it('does not enrol anyone into another organisation’s community', async () => {
    const theirs = await registerApp(t, fake, other.hq.username, 'wechat_miniprogram');
    const answer = (await wechatLogin(theirs, someone())).body as LoginAnswer;
    expect(answer.communities!.map((c) => c.id).sort()).toEqual([other.a.id, other.b.id].sort());
    const refused = await t
      .http()
      .post('/api/auth/platform-enrol')
      .send({ enrolment: answer.enrolment, communityId: tenant.a.id })
      .expect(404);
    expect(refused.body.code).toBe('COMMUNITY_NOT_FOUND');
  });

  it('refuses a tampered or foreign enrolment token', async () => {
    const answer = (await wechatLogin(app, someone())).body as LoginAnswer;
    const [body, mac] = answer.enrolment!.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    payload.organizationId = other.organizationId;
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    const refused = await t
      .http()
      .post('/api/auth/platform-enrol')
      .send({ enrolment: forged, communityId: other.a.id })
      .expect(400);
    expect(refused.body.code).toBe('ENROLMENT_INVALID');
  });

  it('keeps a disabled person out', async () => {
    const openid = someone();
    const signedIn = (await wechatLogin(app, openid, { communityId: tenant.a.id })).body as LoginAnswer;
    await t.dataSource
      .getRepository(UserEntity)
      .update({ id: signedIn.session!.user.id }, { status: 'disabled' });
    const refused = await wechatLogin(app, openid);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('the same person on two apps', () => {
  it('links the official account to the mini-program through the unionid', async () => {
    const mini = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const official = await registerApp(t, fake, tenant.hq.username, 'wechat_official');
    const unionid = `u${randomBytes(8).toString('hex')}`;
    const first = (await wechatLogin(mini, someone(), { unionid, communityId: tenant.a.id }))
      .body as LoginAnswer;
    const viaOfficial = (await wechatLogin(official, someone(), { unionid })).body as LoginAnswer;
    expect(viaOfficial.outcome).toBe('signed_in');
    expect(viaOfficial.session!.user.id).toBe(first.session!.user.id);
    const identities = await t
      .http()
      .get('/api/auth/platform-identities')
      .set(bearer(viaOfficial.session!.accessToken))
      .expect(200);
    expect((identities.body as { kind: string }[]).map((row) => row.kind).sort()).toEqual([
      'wechat_miniprogram',
      'wechat_official',
    ]);
  });

  it('lets a resident link their Baidu account while signed in, once', async () => {
    const mini = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const baidu = await registerApp(t, fake, tenant.hq.username, 'baidu');
    const resident = ((await wechatLogin(mini, someone(), { communityId: tenant.a.id })).body as LoginAnswer)
      .session!;
    const baiduOpenid = someone();
    const code = fake.issueLoginCode('baidu', baidu.appId, { openid: baiduOpenid });
    await t
      .http()
      .post('/api/auth/platform-identities')
      .set(bearer(resident.accessToken))
      .send({ kind: 'baidu', appId: baidu.appId, code })
      .expect(201);
    const viaBaidu = await platformLogin({
      kind: 'baidu',
      appId: baidu.appId,
      code: fake.issueLoginCode('baidu', baidu.appId, { openid: baiduOpenid }),
    }).expect(200);
    expect((viaBaidu.body as LoginAnswer).session!.user.id).toBe(resident.user.id);

    // Someone else cannot take over the same Baidu account.
    const stranger = ((await wechatLogin(mini, someone(), { communityId: tenant.a.id })).body as LoginAnswer)
      .session!;
    const taken = await t
      .http()
      .post('/api/auth/platform-identities')
      .set(bearer(stranger.accessToken))
      .send({
        kind: 'baidu',
        appId: baidu.appId,
        code: fake.issueLoginCode('baidu', baidu.appId, { openid: baiduOpenid }),
      })
      .expect(409);
    expect(taken.body.code).toBe('PLATFORM_IDENTITY_TAKEN');
    // Another organisation's app is not there for this resident.
    const theirs = await registerApp(t, fake, other.hq.username, 'baidu');
    const foreign = await t
      .http()
      .post('/api/auth/platform-identities')
      .set(bearer(stranger.accessToken))
      .send({
        kind: 'baidu',
        appId: theirs.appId,
        code: fake.issueLoginCode('baidu', theirs.appId, { openid: someone() }),
      })
      .expect(404);
    expect(foreign.body.code).toBe('PLATFORM_APP_NOT_FOUND');
  });
});

describe('the H5 page inside WeChat (official account OAuth)', () => {
  it('sends people to WeChat’s silent authorisation and back only to this server', async () => {
    const official = await registerApp(t, fake, tenant.hq.username, 'wechat_official');
    const back = `${t.config.publicBaseUrl}/#/pages/login/index`;
    const answer = await t
      .http()
      .get('/api/auth/wechat-oauth-url')
      .query({ appId: official.appId, redirectUri: back, state: 'abc' })
      .expect(200);
    const url = new URL(answer.body.url as string);
    expect(`${url.origin}${url.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: official.appId,
      redirect_uri: back,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'abc',
    });
    expect(url.hash).toBe('#wechat_redirect');
    const elsewhere = await t
      .http()
      .get('/api/auth/wechat-oauth-url')
      .query({ appId: official.appId, redirectUri: 'https://evil.example.com/' })
      .expect(400);
    expect(elsewhere.body.details.fields.redirectUri).toBeDefined();
    expect(
      (await t.http().get('/api/auth/wechat-oauth-url').query({ appId: 'wx-nobody', redirectUri: back }))
        .status,
    ).toBe(404);
  });
});

describe('staff in WeCom and DingTalk', () => {
  it('refuses an unknown WeCom member, then signs in the engineer who linked themselves', async () => {
    const wecom = await registerApp(t, fake, tenant.hq.username, 'wecom', { agentId: 1000002 });
    const userid = `zhang${randomBytes(3).toString('hex')}`;
    const before = fake.calls('/cgi-bin/gettoken');
    const unknown = await platformLogin({
      kind: 'wecom',
      appId: wecom.appId,
      code: fake.issueLoginCode('wecom', wecom.appId, { userid }),
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body.code).toBe('PLATFORM_ACCOUNT_NOT_LINKED');
    expect(unknown.body.details.userid).toBe(userid);

    const engineer = (await login(t, tenant.a.users.engineer.username)).accessToken;
    await t
      .http()
      .post('/api/auth/platform-identities')
      .set(bearer(engineer))
      .send({
        kind: 'wecom',
        appId: wecom.appId,
        code: fake.issueLoginCode('wecom', wecom.appId, { userid }),
      })
      .expect(201);
    const signedIn = await platformLogin({
      kind: 'wecom',
      appId: wecom.appId,
      code: fake.issueLoginCode('wecom', wecom.appId, { userid }),
    }).expect(200);
    expect((signedIn.body as LoginAnswer).session!.user.id).toBe(tenant.a.users.engineer.id);
    // Three code exchanges, one corp token.
    expect(fake.calls('/cgi-bin/gettoken') - before).toBe(1);

    // An expired token is refreshed and the exchange retried, invisibly to the engineer.
    fake.expireToken('wecom', 'all');
    await platformLogin({
      kind: 'wecom',
      appId: wecom.appId,
      code: fake.issueLoginCode('wecom', wecom.appId, { userid }),
    }).expect(200);
    expect(fake.calls('/cgi-bin/gettoken') - before).toBe(2);
  });

  it('signs in a linked DingTalk member and refuses a stale auth code', async () => {
    const dingtalk = await registerApp(t, fake, tenant.hq.username, 'dingtalk', { agentId: 123456789 });
    const userid = `manager${randomBytes(3).toString('hex')}`;
    const dispatcher = (await login(t, tenant.a.users.dispatcher.username)).accessToken;
    await t
      .http()
      .post('/api/auth/platform-identities')
      .set(bearer(dispatcher))
      .send({
        kind: 'dingtalk',
        appId: dingtalk.appId,
        code: fake.issueLoginCode('dingtalk', dingtalk.appId, { userid, name: '调度王' }),
      })
      .expect(201);
    const code = fake.issueLoginCode('dingtalk', dingtalk.appId, { userid });
    const signedIn = await platformLogin({ kind: 'dingtalk', appId: dingtalk.appId, code }).expect(200);
    expect((signedIn.body as LoginAnswer).session!.user.id).toBe(tenant.a.users.dispatcher.id);
    const stale = await platformLogin({ kind: 'dingtalk', appId: dingtalk.appId, code }).expect(400);
    expect(stale.body.code).toBe('PLATFORM_CODE_INVALID');
    expect(stale.body.details.platformCode).toBe(40078);
  });
});

describe('Baidu smart program login (getsessionkey)', () => {
  it('enrols a new resident and refuses a bad code', async () => {
    const baidu = await registerApp(t, fake, tenant.hq.username, 'baidu');
    const code = fake.issueLoginCode('baidu', baidu.appId, { openid: someone() });
    const first = await platformLogin({
      kind: 'baidu',
      appId: baidu.appId,
      code,
      communityId: tenant.b.id,
    }).expect(200);
    expect((first.body as LoginAnswer).session!.user.roles[0]!.role).toBe('resident');
    const bad = await platformLogin({ kind: 'baidu', appId: baidu.appId, code: 'made-up' }).expect(400);
    expect(bad.body.code).toBe('PLATFORM_CODE_INVALID');
  });
});

describe('binding a WeChat-verified phone number (R8)', () => {
  it('looks a number up once, answers it from the profile after, and caps lookups per day', async () => {
    const app = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const openid = someone();
    const resident = ((await wechatLogin(app, openid, { communityId: tenant.a.id })).body as LoginAnswer)
      .session!;
    const phone = `139${String(Date.now()).slice(-8)}`;
    const lookups = () => fake.calls('/wxa/business/getuserphonenumber');
    const before = lookups();

    const bound = await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(resident.accessToken))
      .send({ code: fake.issuePhoneCode(app.appId, phone, { openid }) })
      .expect(200);
    expect(bound.body).toEqual({ phone, lookedUp: true });
    const me = await t.http().get('/api/auth/me').set(bearer(resident.accessToken)).expect(200);
    expect(me.body.phone).toBe(phone);

    // Asked again: answered from the profile, WeChat is not billed.
    const cached = await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(resident.accessToken))
      .send({ code: fake.issuePhoneCode(app.appId, phone, { openid }) })
      .expect(200);
    expect(cached.body).toEqual({ phone, lookedUp: false });
    expect(lookups() - before).toBe(1);

    // A replacement is a second lookup; the third of the day is refused before WeChat is asked.
    const replaced = `137${String(Date.now()).slice(-8)}`;
    await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(resident.accessToken))
      .send({ code: fake.issuePhoneCode(app.appId, replaced, { openid }), replace: true })
      .expect(200);
    const capped = await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(resident.accessToken))
      .send({ code: fake.issuePhoneCode(app.appId, phone, { openid }), replace: true })
      .expect(429);
    expect(capped.body.code).toBe('TOO_MANY_REQUESTS');
    expect(lookups() - before).toBe(PHONE_LOOKUPS_PER_DAY);
  });

  it('refuses a number that belongs to someone else here, and people without WeChat', async () => {
    const app = await registerApp(t, fake, tenant.hq.username, 'wechat_miniprogram');
    const openid = someone();
    const resident = ((await wechatLogin(app, openid, { communityId: tenant.a.id })).body as LoginAnswer)
      .session!;
    const taken = await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(resident.accessToken))
      .send({ code: fake.issuePhoneCode(app.appId, tenant.a.users.engineer.phone, { openid }) })
      .expect(409);
    expect(taken.body.code).toBe('PHONE_TAKEN');
    const staff = (await login(t, tenant.a.users.reviewer.username)).accessToken;
    const none = await t
      .http()
      .post('/api/auth/phone')
      .set(bearer(staff))
      .send({ code: 'abc', replace: true })
      .expect(400);
    expect(none.body.code).toBe('PLATFORM_NOT_SUPPORTED');
  });
});
