import { DEFAULT_COMMUNITY_SETTINGS, type CommunitySettings } from '@smart-repair/shared';
import { BarredReporterEntity } from '../../src/modules/settings/entities/barred-reporter.entity';
import { SettingsService } from '../../src/modules/settings/settings.service';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const defaults = (): CommunitySettings => JSON.parse(JSON.stringify(DEFAULT_COMMUNITY_SETTINGS));

/** A valid settings object unlike the defaults in every section. */
function customised(): CommunitySettings {
  const settings = defaults();
  settings.form.video = { show: false, required: false };
  settings.form.images = { show: true, required: true };
  settings.form.contactName = { show: true, required: false };
  settings.timeLimits.take = 15;
  settings.timeLimits.rating = null;
  settings.autoActions.autoDispatchAfterMinutes = 0;
  settings.autoActions.autoPassAfterHours = 48;
  settings.autoActions.defaultRatingStars = 4;
  settings.dispatch.maxOpenPerEngineer = 8;
  settings.dispatch.duplicateWindowHours = 0;
  return settings;
}

interface AuditItem {
  action: string;
  actorId: string;
  targetId: string;
  data: Record<string, unknown>;
}

describe('community settings, sensitive words and reporter bans (F1.5–F1.7, F2.9, F9.8, F9.10–F9.12)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;
  let adminB: string;
  let hq: string;
  let service: SettingsService;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    admin = (await login(t, tenant.a.users.admin.username)).accessToken;
    adminB = (await login(t, tenant.b.users.admin.username)).accessToken;
    hq = (await login(t, tenant.hq.username)).accessToken;
    service = t.app.get(SettingsService);
  });
  afterAll(() => t.close());

  const settingsPath = (communityId: string) => `/api/communities/${communityId}/settings`;
  const wordsPath = (communityId: string) => `/api/communities/${communityId}/sensitive-words`;
  const bansPath = (communityId: string) => `/api/communities/${communityId}/barred-reporters`;

  async function auditEvents(communityId: string, targetType: string): Promise<AuditItem[]> {
    const response = await t
      .http()
      .get(`/api/audit-events?communityId=${communityId}&targetType=${targetType}&pageSize=100`)
      .set(bearer(hq));
    expect(response.status).toBe(200);
    return response.body.items as AuditItem[];
  }

  describe('settings', () => {
    it('gives the defaults to a community that saved none, to everyone allowed to read them', async () => {
      for (const role of ['admin', 'dispatcher', 'reviewer'] as const) {
        const token = (await login(t, tenant.a.users[role].username)).accessToken;
        const response = await t.http().get(settingsPath(tenant.a.id)).set(bearer(token));
        expect(response.status).toBe(200);
        expect(response.body).toEqual(DEFAULT_COMMUNITY_SETTINGS);
      }
      expect(await service.forCommunity(tenant.a.id)).toEqual(DEFAULT_COMMUNITY_SETTINGS);
    });

    it('replaces the whole settings, answers and serves them, and audits old and new values', async () => {
      const first = customised();
      const saved = await t.http().put(settingsPath(tenant.a.id)).set(bearer(admin)).send(first);
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual(first);
      const read = await t.http().get(settingsPath(tenant.a.id)).set(bearer(admin));
      expect(read.body).toEqual(first);
      expect(await service.forCommunity(tenant.a.id)).toEqual(first);
      expect(await t.dataSource.transaction((manager) => service.forCommunity(tenant.a.id, manager))).toEqual(
        first,
      );

      const second = customised();
      second.timeLimits.start = 60;
      expect((await t.http().put(settingsPath(tenant.a.id)).set(bearer(hq)).send(second)).status).toBe(200);
      const events = await auditEvents(tenant.a.id, 'community_settings');
      expect(events.map((event) => event.action)).toEqual(['settings.update', 'settings.update']);
      expect(events[1]).toMatchObject({
        actorId: tenant.a.users.admin.id,
        targetId: tenant.a.id,
        data: { before: DEFAULT_COMMUNITY_SETTINGS, after: first },
      });
      expect(events[0]).toMatchObject({ actorId: tenant.hq.id, data: { before: first, after: second } });

      const other = await t.http().get(settingsPath(tenant.b.id)).set(bearer(adminB));
      expect(other.body).toEqual(DEFAULT_COMMUNITY_SETTINGS);
    });

    type Change = (settings: Record<string, Record<string, unknown>>) => void;
    const invalid: [string, Change][] = [
      ['form.location', (s) => (s.form!.location = { show: false, required: false })],
      ['form.location', (s) => (s.form!.location = { show: true, required: false })],
      ['form.category', (s) => (s.form!.category = { show: true, required: false })],
      ['form.video', (s) => (s.form!.video = { show: false, required: true })],
      ['form.voice', (s) => delete s.form!.voice],
      ['form.images.show', (s) => (s.form!.images = { show: 'yes', required: false })],
      ['form.images.colour', (s) => (s.form!.images = { show: true, required: false, colour: 'red' })],
      ['timeLimits.take', (s) => (s.timeLimits!.take = 0)],
      ['timeLimits.start', (s) => (s.timeLimits!.start = 43_201)],
      ['timeLimits.complete', (s) => (s.timeLimits!.complete = '60')],
      ['timeLimits.rating', (s) => (s.timeLimits!.rating = 1.5)],
      ['timeLimits.dispatch', (s) => delete s.timeLimits!.dispatch],
      ['autoActions.autoDispatchAfterMinutes', (s) => (s.autoActions!.autoDispatchAfterMinutes = -1)],
      [
        'autoActions.escalateToDispatcherAfterMinutes',
        (s) => (s.autoActions!.escalateToDispatcherAfterMinutes = 0),
      ],
      ['autoActions.autoPassAfterHours', (s) => (s.autoActions!.autoPassAfterHours = 721)],
      ['autoActions.defaultRatingAfterDays', (s) => (s.autoActions!.defaultRatingAfterDays = 91)],
      ['autoActions.defaultRatingStars', (s) => (s.autoActions!.defaultRatingStars = 6)],
      ['autoActions.defaultRatingStars', (s) => (s.autoActions!.defaultRatingStars = null)],
      [
        'autoActions.escalateToAdminAfterMinutes',
        (s) => {
          s.autoActions!.escalateToDispatcherAfterMinutes = 60;
          s.autoActions!.escalateToAdminAfterMinutes = 30;
        },
      ],
      ['dispatch.maxOpenPerEngineer', (s) => (s.dispatch!.maxOpenPerEngineer = 0)],
      ['dispatch.maxOpenPerEngineer', (s) => (s.dispatch!.maxOpenPerEngineer = 101)],
      ['dispatch.duplicateWindowHours', (s) => (s.dispatch!.duplicateWindowHours = 721)],
      ['dispatch', (s) => delete s.dispatch],
      ['timeLimits', (s) => ((s as Record<string, unknown>).timeLimits = 'fast')],
      ['theme', (s) => ((s as Record<string, unknown>).theme = 'dark')],
    ];

    it.each(invalid)(
      'refuses a wrong %s with 400 naming it, and keeps the settings',
      async (field, change) => {
        const before = await t.http().get(settingsPath(tenant.a.id)).set(bearer(admin));
        const body = defaults() as unknown as Record<string, Record<string, unknown>>;
        change(body);
        const response = await t.http().put(settingsPath(tenant.a.id)).set(bearer(admin)).send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(response.body.details.fields)).toEqual([field]);
        const after = await t.http().get(settingsPath(tenant.a.id)).set(bearer(admin));
        expect(after.body).toEqual(before.body);
      },
    );

    it('lets only settings managers change them', async () => {
      for (const role of ['dispatcher', 'reviewer', 'engineer', 'resident'] as const) {
        const token = (await login(t, tenant.a.users[role].username)).accessToken;
        const response = await t.http().put(settingsPath(tenant.a.id)).set(bearer(token)).send(defaults());
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('PERMISSION_DENIED');
      }
    });

    it('answers 404 for another community’s settings and leaves them alone', async () => {
      const read = await t.http().get(settingsPath(tenant.a.id)).set(bearer(adminB));
      expect(read.status).toBe(404);
      expect(read.body.code).toBe('COMMUNITY_NOT_FOUND');
      const write = await t.http().put(settingsPath(tenant.a.id)).set(bearer(adminB)).send(defaults());
      expect(write.status).toBe(404);
      expect(await service.forCommunity(tenant.a.id)).not.toEqual(DEFAULT_COMMUNITY_SETTINGS);
    });

    it('saves four first-time changes made at once, each audited against the one before it', async () => {
      const community = (await createTenant(t.dataSource)).a;
      const token = (await login(t, community.users.admin.username)).accessToken;
      const bodies = [2, 3, 4, 6].map((maxOpenPerEngineer) => {
        const body = customised();
        body.dispatch.maxOpenPerEngineer = maxOpenPerEngineer;
        return body;
      });
      const responses = await Promise.all(
        bodies.map((body) => t.http().put(settingsPath(community.id)).set(bearer(token)).send(body)),
      );
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      const rows = (await t.dataSource.query(
        "SELECT data FROM audit_events WHERE communityId = ? AND action = 'settings.update'",
        [community.id],
      )) as { data: string }[];
      const events = rows.map(
        (row) => JSON.parse(row.data) as { before: CommunitySettings; after: CommunitySettings },
      );
      // One chain: defaults → … → the value in force, each save replacing the one before it.
      const open = (settings: CommunitySettings) => settings.dispatch.maxOpenPerEngineer;
      const befores = events.map((event) => open(event.before)).sort();
      const afters = events.map((event) => open(event.after)).sort();
      const final = open(await service.forCommunity(community.id));
      expect(afters).toEqual([2, 3, 4, 6]);
      expect(befores).toEqual(
        [
          DEFAULT_COMMUNITY_SETTINGS.dispatch.maxOpenPerEngineer,
          ...afters.filter((value) => value !== final),
        ].sort(),
      );
    });
  });

  describe('sensitive words', () => {
    it('adds a word in its normal form, refuses the same word again, and lists the words', async () => {
      const added = await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send({ word: '  SpAm ' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ communityId: tenant.a.id, word: 'spam' });
      const again = await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send({ word: 'SPAM' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DUPLICATE_ENTRY');
      const elsewhere = await t
        .http()
        .post(wordsPath(tenant.b.id))
        .set(bearer(adminB))
        .send({ word: 'spam' });
      expect(elsewhere.status).toBe(201);
      const chinese = await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send({ word: '垃圾' });
      expect(chinese.status).toBe(201);

      const reader = (await login(t, tenant.a.users.reviewer.username)).accessToken;
      const listed = await t.http().get(wordsPath(tenant.a.id)).set(bearer(reader));
      expect(listed.status).toBe(200);
      expect(listed.body.map((row: { word: string }) => row.word)).toEqual(['spam', '垃圾']);
      const events = await auditEvents(tenant.a.id, 'sensitive_word');
      expect(events.map((event) => [event.action, event.data.word])).toEqual(
        expect.arrayContaining([
          ['sensitive_word.create', 'spam'],
          ['sensitive_word.create', '垃圾'],
        ]),
      );
    });

    it.each([
      ['an empty word', { word: '   ' }],
      ['a word longer than 32 characters', { word: '词'.repeat(33) }],
      ['a number', { word: 42 }],
      ['an unknown field', { word: '坏', level: 1 }],
    ])('refuses %s', async (_name, body) => {
      const response = await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('accepts a word of exactly 32 characters, emoji counting one each', async () => {
      const word = `${'😡'.repeat(16)}${'骂'.repeat(16)}`;
      const response = await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send({ word });
      expect(response.status).toBe(201);
      expect(response.body.word).toBe(word);
      await t
        .http()
        .delete(`${wordsPath(tenant.a.id)}/${response.body.id}`)
        .set(bearer(admin))
        .expect(204);
    });

    it('adds many words at once, skipping repeats and words already listed', async () => {
      const response = await t
        .http()
        .post(`${wordsPath(tenant.a.id)}/bulk`)
        .set(bearer(admin))
        .send({ words: ['傻', '傻瓜', 'Spam', '骗子', ' 骗子 ', 'FOOL'] });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ added: 4, skipped: 2 });
      const listed = await t.http().get(wordsPath(tenant.a.id)).set(bearer(admin));
      expect(listed.body.map((row: { word: string }) => row.word).sort()).toEqual(
        ['fool', 'spam', '傻', '傻瓜', '垃圾', '骗子'].sort(),
      );
      const events = await auditEvents(tenant.a.id, 'sensitive_word');
      const bulk = events.find((event) => event.action === 'sensitive_word.bulk_create')!;
      expect((bulk.data.words as string[]).sort()).toEqual(['fool', '傻', '傻瓜', '骗子'].sort());
    });

    it('adds 500 words in one request and refuses 501', async () => {
      const community = (await createTenant(t.dataSource)).a;
      const token = (await login(t, community.users.admin.username)).accessToken;
      const words = Array.from({ length: 500 }, (_, i) => `批量词${i}`);
      const ok = await t
        .http()
        .post(`${wordsPath(community.id)}/bulk`)
        .set(bearer(token))
        .send({ words });
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual({ added: 500, skipped: 0 });
      const events = await t.dataSource.query(
        "SELECT data FROM audit_events WHERE communityId = ? AND action = 'sensitive_word.bulk_create'",
        [community.id],
      );
      const audited = (events as { data: string }[]).flatMap((row) => JSON.parse(row.data).words as string[]);
      expect(audited.sort()).toEqual([...words].sort());
      const tooMany = await t
        .http()
        .post(`${wordsPath(community.id)}/bulk`)
        .set(bearer(token))
        .send({ words: [...words, '多一个'] });
      expect(tooMany.status).toBe(400);
      expect(Object.keys(tooMany.body.details.fields)).toEqual(['words']);
    });

    it.each([
      ['an empty list', { words: [] }],
      ['a blank word', { words: ['好', ' '] }],
      ['a word too long', { words: ['x'.repeat(33)] }],
      ['a word that is not text', { words: ['好', 7] }],
      ['no list', {}],
    ])('refuses a bulk add with %s', async (_name, body) => {
      const response = await t
        .http()
        .post(`${wordsPath(tenant.a.id)}/bulk`)
        .set(bearer(admin))
        .send(body);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.details.fields)).toEqual(['words']);
    });

    it('masks report text through the service, and sees changes made here at once', async () => {
      const mask = await service.sensitiveWordMasker(tenant.a.id);
      expect(mask('你是傻瓜吗，SPAM！垃圾物业')).toBe('你是**吗，****！**物业');
      const listed = await t.http().get(wordsPath(tenant.a.id)).set(bearer(admin));
      const fool = listed.body.find((row: { word: string }) => row.word === '傻瓜');
      await t
        .http()
        .delete(`${wordsPath(tenant.a.id)}/${fool.id}`)
        .set(bearer(admin))
        .expect(204);
      const after = await service.sensitiveWordMasker(tenant.a.id);
      expect(after('你是傻瓜吗')).toBe('你是*瓜吗');
      await t.http().post(wordsPath(tenant.a.id)).set(bearer(admin)).send({ word: '物业' }).expect(201);
      expect((await service.sensitiveWordMasker(tenant.a.id))('垃圾物业')).toBe('****');
      expect((await service.sensitiveWordMasker(tenant.b.id))('你是傻瓜吗 spam')).toBe('你是傻瓜吗 ****');
    });

    it('removes a word once; another community’s word is not found here', async () => {
      const listed = await t.http().get(wordsPath(tenant.a.id)).set(bearer(admin));
      const word = listed.body.find((row: { word: string }) => row.word === 'fool');
      const removed = await t
        .http()
        .delete(`${wordsPath(tenant.a.id)}/${word.id}`)
        .set(bearer(admin));
      expect(removed.status).toBe(204);
      const again = await t
        .http()
        .delete(`${wordsPath(tenant.a.id)}/${word.id}`)
        .set(bearer(admin));
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('SENSITIVE_WORD_NOT_FOUND');

      const foreign = (await t.http().get(wordsPath(tenant.b.id)).set(bearer(adminB))).body[0];
      const crossed = await t
        .http()
        .delete(`${wordsPath(tenant.a.id)}/${foreign.id}`)
        .set(bearer(admin));
      expect(crossed.status).toBe(404);
      expect(crossed.body.code).toBe('SENSITIVE_WORD_NOT_FOUND');
      const stillThere = await t.http().get(wordsPath(tenant.b.id)).set(bearer(adminB));
      expect(stillThere.body.map((row: { id: string }) => row.id)).toContain(foreign.id);
      const viaOwn = await t
        .http()
        .delete(`${wordsPath(tenant.b.id)}/${foreign.id}`)
        .set(bearer(admin));
      expect(viaOwn.status).toBe(404);
      expect(viaOwn.body.code).toBe('COMMUNITY_NOT_FOUND');
    });

    it('keeps words for settings managers: a dispatcher may list but not add', async () => {
      const dispatcher = (await login(t, tenant.a.users.dispatcher.username)).accessToken;
      expect((await t.http().get(wordsPath(tenant.a.id)).set(bearer(dispatcher))).status).toBe(200);
      const add = await t.http().post(wordsPath(tenant.a.id)).set(bearer(dispatcher)).send({ word: '新' });
      expect(add.status).toBe(403);
      const engineer = (await login(t, tenant.a.users.engineer.username)).accessToken;
      expect((await t.http().get(wordsPath(tenant.a.id)).set(bearer(engineer))).status).toBe(403);
    });
  });

  describe('barred reporters', () => {
    it('bars a member of the community indefinitely, and the service names the reason', async () => {
      const resident = tenant.a.users.resident;
      expect(await service.barredReason(tenant.a.id, { userId: resident.id })).toBeNull();
      const response = await t
        .http()
        .post(bansPath(tenant.a.id))
        .set(bearer(admin))
        .send({ userId: resident.id, reason: ' 多次恶意报修 ' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        communityId: tenant.a.id,
        userId: resident.id,
        userName: `用户${resident.username}`,
        phone: null,
        reason: '多次恶意报修',
        until: null,
        active: true,
        createdBy: tenant.a.users.admin.id,
      });
      expect(await service.barredReason(tenant.a.id, { userId: resident.id })).toBe('多次恶意报修');
      expect(await service.barredReason(tenant.a.id, { userId: resident.id, phone: null })).toBe(
        '多次恶意报修',
      );
      expect(await service.barredReason(tenant.b.id, { userId: resident.id })).toBeNull();
      expect(await service.barredReason(tenant.a.id, { userId: tenant.a.users.engineer.id })).toBeNull();
      expect(await service.barredReason(tenant.a.id, {})).toBeNull();
      const events = await auditEvents(tenant.a.id, 'barred_reporter');
      expect(events[0]).toMatchObject({ action: 'reporter.bar', targetId: response.body.id });
    });

    it('bars a phone number until a time, after which the ban no longer applies', async () => {
      const until = new Date(Date.now() + 60 * 60_000);
      const response = await t
        .http()
        .post(bansPath(tenant.a.id))
        .set(bearer(admin))
        .send({ phone: '13800001111', reason: '骚扰电话', until: until.toISOString() });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        userId: null,
        userName: null,
        phone: '13800001111',
        active: true,
      });
      expect(response.body.until).toBe(until.toISOString());
      expect(await service.barredReason(tenant.a.id, { phone: '13800001111' })).toBe('骚扰电话');
      expect(
        await service.barredReason(tenant.a.id, { userId: tenant.a.users.engineer.id, phone: '13800001111' }),
      ).toBe('骚扰电话');
      expect(
        await service.barredReason(tenant.a.id, { phone: '13800001111' }, new Date(until.getTime() - 1000)),
      ).toBe('骚扰电话');
      expect(
        await service.barredReason(tenant.a.id, { phone: '13800001111' }, new Date(until.getTime() + 1000)),
      ).toBeNull();
      expect(await service.barredReason(tenant.a.id, { phone: '13800002222' })).toBeNull();
    });

    it('ignores an expired ban and lists it as not active', async () => {
      const response = await t
        .http()
        .post(bansPath(tenant.a.id))
        .set(bearer(admin))
        .send({ phone: '13800003333', reason: '已过期', until: new Date(Date.now() + 60_000).toISOString() });
      expect(response.status).toBe(201);
      await t.dataSource
        .getRepository(BarredReporterEntity)
        .update({ id: response.body.id }, { until: new Date(Date.now() - 60_000) });
      expect(await service.barredReason(tenant.a.id, { phone: '13800003333' })).toBeNull();
      const listed = await t.http().get(bansPath(tenant.a.id)).set(bearer(admin));
      expect(listed.body.find((row: { id: string }) => row.id === response.body.id).active).toBe(false);
    });

    it('lists the bans newest first to settings readers only', async () => {
      const reviewer = (await login(t, tenant.a.users.reviewer.username)).accessToken;
      const listed = await t.http().get(bansPath(tenant.a.id)).set(bearer(reviewer));
      expect(listed.status).toBe(200);
      expect(listed.body.map((row: { reason: string }) => row.reason)).toEqual([
        '已过期',
        '骚扰电话',
        '多次恶意报修',
      ]);
      const resident = (await login(t, tenant.a.users.resident.username)).accessToken;
      expect((await t.http().get(bansPath(tenant.a.id)).set(bearer(resident))).status).toBe(403);
      const add = await t
        .http()
        .post(bansPath(tenant.a.id))
        .set(bearer(reviewer))
        .send({ phone: '13800004444', reason: '无权' });
      expect(add.status).toBe(403);
    });

    it.each([
      ['neither a person nor a phone', { reason: '无对象' }, 'userId'],
      ['a past end', { phone: '13800005555', reason: '过去', until: '2020-01-01T00:00:00.000Z' }, 'until'],
      ['a malformed end', { phone: '13800005555', reason: '格式', until: 'next week' }, 'until'],
      ['a malformed phone', { phone: '12345', reason: '号码' }, 'phone'],
      ['a malformed user id', { userId: 'abc', reason: '编号' }, 'userId'],
      ['no reason', { phone: '13800005555', reason: '  ' }, 'reason'],
      ['a reason over 200 characters', { phone: '13800005555', reason: '长'.repeat(201) }, 'reason'],
      ['an unknown field', { phone: '13800005555', reason: '多余', createdBy: 'me' }, 'createdBy'],
    ])('refuses a ban with %s, naming the field', async (_name, body, field) => {
      const response = await t.http().post(bansPath(tenant.a.id)).set(bearer(admin)).send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields)).toEqual([field]);
    });

    it.each([
      ['a person of another community', () => tenant.b.users.resident.id],
      ['the HQ admin, who holds no role in the community', () => tenant.hq.id],
      ['nobody', () => '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b'],
    ])('refuses to bar %s by account (404)', async (_name, userId) => {
      const response = await t
        .http()
        .post(bansPath(tenant.a.id))
        .set(bearer(admin))
        .send({ userId: userId(), reason: '不在本小区' });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('USER_NOT_FOUND');
    });

    it('lifts a ban once; another community’s ban is not found here', async () => {
      const resident = tenant.a.users.resident;
      const listed = await t.http().get(bansPath(tenant.a.id)).set(bearer(admin));
      const ban = listed.body.find((row: { userId: string | null }) => row.userId === resident.id);
      const lifted = await t
        .http()
        .delete(`${bansPath(tenant.a.id)}/${ban.id}`)
        .set(bearer(admin));
      expect(lifted.status).toBe(204);
      expect(await service.barredReason(tenant.a.id, { userId: resident.id })).toBeNull();
      const again = await t
        .http()
        .delete(`${bansPath(tenant.a.id)}/${ban.id}`)
        .set(bearer(admin));
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('BARRED_REPORTER_NOT_FOUND');
      const events = await auditEvents(tenant.a.id, 'barred_reporter');
      expect(events[0]).toMatchObject({ action: 'reporter.unbar', targetId: ban.id });

      const foreign = await t
        .http()
        .post(bansPath(tenant.b.id))
        .set(bearer(adminB))
        .send({ phone: '13800006666', reason: 'B的禁令' });
      expect(foreign.status).toBe(201);
      const crossed = await t
        .http()
        .delete(`${bansPath(tenant.a.id)}/${foreign.body.id}`)
        .set(bearer(admin));
      expect(crossed.status).toBe(404);
      expect(crossed.body.code).toBe('BARRED_REPORTER_NOT_FOUND');
      expect(await service.barredReason(tenant.b.id, { phone: '13800006666' })).toBe('B的禁令');
      const viaOwn = await t.http().get(bansPath(tenant.b.id)).set(bearer(admin));
      expect(viaOwn.status).toBe(404);
      expect(viaOwn.body.code).toBe('COMMUNITY_NOT_FOUND');
    });
  });
});
