import { loadDemoData, DEMO_PASSWORD } from '../../src/database/demo-data';
import { bearer, login } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('demo data for a first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => t.close());

  it('has HQ, two communities with location trees, trades, categories and a person for every role', async () => {
    const hq = await login(t, 'hq', DEMO_PASSWORD);
    const communities = await t.http().get('/api/communities').set(bearer(hq.accessToken));
    expect(communities.body.map((c: { name: string }) => c.name).sort()).toEqual(
      ['翠湖苑', '阳光花园'].sort(),
    );
    for (const community of communities.body as { id: string }[]) {
      const tree = await t
        .http()
        .get(`/api/communities/${community.id}/location-tree`)
        .set(bearer(hq.accessToken));
      expect(tree.body.map((node: { kind: string }) => node.kind)).toEqual(['area', 'area']);
      const kinds = new Set<string>();
      const walk = (nodes: { kind: string; children: never[] }[]) =>
        nodes.forEach((node) => (kinds.add(node.kind), walk(node.children)));
      walk(tree.body);
      expect([...kinds].sort()).toEqual(['area', 'building', 'floor', 'public_place', 'room']);
      const trades = await t
        .http()
        .get(`/api/trades?communityId=${community.id}`)
        .set(bearer(hq.accessToken));
      expect(trades.body.length).toBe(3);
      expect(
        trades.body.every(
          (trade: { areaIds: string[]; memberIds: string[] }) =>
            trade.areaIds.length === 2 && trade.memberIds.length > 0,
        ),
      ).toBe(true);
      const categories = await t
        .http()
        .get(`/api/categories?communityId=${community.id}`)
        .set(bearer(hq.accessToken));
      expect(categories.body.length).toBe(8);
    }
    const users = await t.http().get('/api/users?pageSize=100').set(bearer(hq.accessToken));
    const roles = new Set(
      users.body.items.flatMap((u: { roles: { role: string }[] }) => u.roles.map((r) => r.role)),
    );
    expect([...roles].sort()).toEqual([
      'admin',
      'dispatcher',
      'engineer',
      'hq_admin',
      'resident',
      'reviewer',
    ]);
  });

  it('runs the fake platforms, with the demo apps and people’s accounts on them (demo mode)', async () => {
    const fake = t.fakePlatforms!;
    expect(fake).not.toBeNull();
    const hq = await login(t, 'hq', DEMO_PASSWORD);
    const apps = await t.http().get('/api/platform-apps').set(bearer(hq.accessToken)).expect(200);
    const byKind = new Map(
      (apps.body as { kind: string; appId: string }[]).map((app) => [app.kind, app.appId]),
    );
    expect([...byKind.keys()].sort()).toEqual([
      'baidu',
      'dingtalk',
      'wechat_miniprogram',
      'wechat_official',
      'wecom',
    ]);

    const resident = await t
      .http()
      .post('/api/auth/platform-login')
      .send({
        kind: 'wechat_miniprogram',
        appId: byKind.get('wechat_miniprogram'),
        code: fake.issueLoginCode('wechat', byKind.get('wechat_miniprogram')!, {
          openid: 'o-demo-sunny.resident1',
        }),
      })
      .expect(200);
    expect(resident.body.session.user.username).toBe('sunny.resident1');
    const engineer = await t
      .http()
      .post('/api/auth/platform-login')
      .send({
        kind: 'wecom',
        appId: byKind.get('wecom'),
        code: fake.issueLoginCode('wecom', byKind.get('wecom')!, { userid: 'sunny-plumber' }),
      })
      .expect(200);
    expect(engineer.body.session.user.username).toBe('sunny.plumber');
  });

  it('logs in every printed demo account, and loads only once', async () => {
    const logins = await loadDemoData(t.dataSource);
    expect(logins.length).toBe(17);
    for (const account of logins)
      await expect(login(t, account.username, account.password)).resolves.toHaveProperty('accessToken');
    const count = await t.dataSource.query('SELECT COUNT(*) AS n FROM organizations');
    expect(Number(count[0].n)).toBe(1);
  });
});
