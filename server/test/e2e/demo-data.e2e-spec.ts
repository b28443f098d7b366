import { loadDemoData, DEMO_PASSWORD } from '../../src/database/demo-data';
import { bearer, login } from '../support/auth';
import { freePort } from '../support/payments';
import { startTestApp, type TestApp } from '../support/test-app';

describe('demo data for a first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Its own address known up front: the demo WeChat Pay calls it back there.
    const port = await freePort();
    t = await startTestApp({
      DEMO_DATA: 'true',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    });
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

  it('lets a resident agree to and pay a surcharge at the demo cashier, and the ticket moves on', async () => {
    const as = async (account: string) => bearer((await login(t, account, DEMO_PASSWORD)).accessToken);
    const resident = await as('sunny.resident1');
    const admin = await as('sunny.admin');
    const community = (
      (await t.http().get('/api/communities').set(admin)).body as { id: string; code: string }[]
    ).find((c) => c.code === 'SUNNY')!;
    const [room] = (
      await t.http().get(`/api/locations?communityId=${community.id}&kind=room&limit=1`).set(admin)
    ).body;
    const [category] = (await t.http().get(`/api/categories?communityId=${community.id}`).set(admin)).body;
    const report = await t
      .http()
      .post('/api/tickets')
      .set(resident)
      .send({
        communityId: community.id,
        locationId: room.id,
        categoryId: category.id,
        description: '阳台下水管破裂',
      })
      .expect(201);
    const ticket = report.body.ticket as { id: string; assignee: { id: string } | null };
    let engineer: { Authorization: string } | undefined;
    for (const account of ['sunny.plumber', 'sunny.electrician', 'sunny.handyman']) {
      const token = await as(account);
      const me = await t.http().get('/api/auth/me').set(token);
      if (me.body.id === ticket.assignee?.id) engineer = token;
    }
    await t.http().post(`/api/tickets/${ticket.id}/take`).set(engineer!).expect(200);
    const surcharge = await t
      .http()
      .post(`/api/tickets/${ticket.id}/surcharges`)
      .set(engineer!)
      .send({ reason: 'damage_by_person', lines: [{ name: 'PVC下水管', quantity: 1, unitPriceFen: 8800 }] })
      .expect(201);
    const id = surcharge.body.id as string;
    await t
      .http()
      .post(`/api/surcharges/${id}/approve`)
      .set(await as('sunny.dispatcher'))
      .send({})
      .expect(200);
    await t.http().post(`/api/surcharges/${id}/agree`).set(resident).send({}).expect(200);
    const started = await t.http().post(`/api/surcharges/${id}/payment`).set(resident).send({}).expect(200);
    expect(started.body).toMatchObject({ amountFen: 8800, demo: true });
    await t
      .http()
      .post(`/api/demo/wechat-pay/orders/${started.body.outTradeNo}/pay`)
      .set(resident)
      .expect(204);
    let status = '';
    for (let i = 0; i < 50 && status !== 'paid'; i += 1) {
      status = (await t.http().get(`/api/surcharges/${id}`).set(resident)).body.status;
      if (status !== 'paid') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('paid');
    const events = (await t.http().get(`/api/tickets/${ticket.id}/events`).set(admin)).body as {
      action: string;
    }[];
    expect(events.map((event) => event.action)).toContain('payment_received');
    // Someone else cannot pay it for them, even in the demo.
    expect(
      (await t.http().post(`/api/demo/wechat-pay/orders/${started.body.outTradeNo}/pay`).set(admin)).status,
    ).toBe(404);
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
