// What the benchmark measures. Add a scenario by adding an object to API_SCENARIOS:
//   name      a short label for the table
//   method    HTTP method
//   path      request path on the API (or on the baseline app, for BASELINES)
//   body      optional JSON body; the text [<id>] in it becomes a fresh UUID on every request,
//             for writes that must not collide (e.g. a unique title)
//   headers   optional extra request headers
//   as        optional demo account: the run logs in as it before the scenario and sends its token
//   baseline  'select' for reads, 'insert' for writes: which baseline the req/s is compared to
//   prepare   optional async (api) => ({ body?, path?, verify? }): sets the scene through the real API
//             before the run (api.login(account), api.request(method, path, body, token)) and may
//             fill in the body or path with ids it found; verify, an async () => [problem texts],
//             checks after the measured run that the requests did what the scenario claims
// Every demo account's password is DEMO_PASSWORD (the server's demo data, DEMO_DATA=true).
//
// PAGE_SCENARIOS are pages of the H5 app, scored by Lighthouse (lighthouse.mjs):
//   name      a short label; BENCH_ONLY filters these by name too ("lighthouse" picks them all)
//   path      the page, from the site root (the app routes on the hash: /#/resident/pages/...)
//   as        the demo account the page is opened as (its session is put where the app keeps it)
//   prepare   optional async (api) => ({ path?, expectText? }): sets the scene through the API and
//             may give the path and a text the page must show once loaded

export const DEMO_PASSWORD = 'Repair#2026';

/** The yardsticks, served by baseline-app.mjs: one primary-key SELECT, one single-row INSERT. */
export const BASELINES = {
  select: { name: 'baseline: PK SELECT', method: 'GET', path: '/baseline/row/1' },
  insert: { name: 'baseline: INSERT', method: 'POST', path: '/baseline/rows', body: { name: 'row-[<id>]' } },
};

export const API_SCENARIOS = [
  {
    // Argon2id verification makes this CPU-bound by design: expect it far below the INSERT.
    name: 'POST /api/auth/login',
    method: 'POST',
    path: '/api/auth/login',
    body: { account: 'sunny.admin', password: DEMO_PASSWORD },
    baseline: 'insert',
  },
  { name: 'GET /api/auth/me', method: 'GET', path: '/api/auth/me', as: 'sunny.admin', baseline: 'select' },
  {
    name: 'GET /api/communities',
    method: 'GET',
    path: '/api/communities',
    as: 'sunny.admin',
    baseline: 'select',
  },
  {
    // A resident's report, dispatched by the system inside the same request.
    name: 'POST /api/tickets (auto-dispatch)',
    method: 'POST',
    path: '/api/tickets',
    as: 'sunny.resident1',
    baseline: 'insert',
    prepare: prepareReports,
  },
  {
    name: 'GET /api/tickets/mine',
    method: 'GET',
    path: '/api/tickets/mine',
    as: 'sunny.resident1',
    baseline: 'select',
  },
];

/**
 * Engineers enough that auto-dispatch finds one for every report of the run: each takes at most
 * the cap (100) open orders, so this carries 40,000 reports, warm-up included (over 3,000 a
 * second for the default 12 s). The run checks it.
 */
const BENCH_ENGINEERS = 400;
/** Engineers created at once while preparing. */
const CREATING_AT_ONCE = 8;

/**
 * Sets 阳光花园 up so that every report of the run is dispatched: duplicate linking off (every
 * report is at the same room), the open-ticket cap at its maximum, and more engineers in every
 * trade. Returns the report body with the community's real ids.
 */
async function prepareReports(api) {
  const admin = await api.login('sunny.admin');
  const communities = await api.request('GET', '/api/communities', undefined, admin);
  const community = communities.find((c) => c.code === 'SUNNY');
  const settings = await api.request('GET', `/api/communities/${community.id}/settings`, undefined, admin);
  settings.dispatch = { ...settings.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 };
  await api.request('PUT', `/api/communities/${community.id}/settings`, settings, admin);

  const trades = await api.request('GET', `/api/trades?communityId=${community.id}`, undefined, admin);
  const added = [];
  for (let first = 0; first < BENCH_ENGINEERS; first += CREATING_AT_ONCE) {
    const users = await Promise.all(
      Array.from({ length: Math.min(CREATING_AT_ONCE, BENCH_ENGINEERS - first) }, (_, i) =>
        api.request(
          'POST',
          '/api/users',
          { name: `压测师傅${first + i}`, roles: [{ role: 'engineer', communityId: community.id }] },
          admin,
        ),
      ),
    );
    added.push(...users.map((user) => user.id));
  }
  for (const trade of trades) {
    await api.request(
      'PUT',
      `/api/trades/${trade.id}/members`,
      { userIds: [...trade.memberIds, ...added] },
      admin,
    );
  }
  const since = new Date().toISOString();
  return {
    body: await reportBody(api, admin, community.id),
    // A report nobody could take is cheaper than a dispatched one: it must not count as one.
    async verify() {
      const waiting = await api.request(
        'GET',
        `/api/tickets?communityId=${community.id}&status=reported,accepted&from=${since}&pageSize=100`,
        undefined,
        admin,
      );
      const count = `${waiting.items.length}${waiting.hasMore ? ' or more' : ''}`;
      return waiting.items.length === 0
        ? []
        : [`${count} reports were not dispatched (more engineers needed for a run this long)`];
    },
  };
}

/** A report at the community's first room, in its first category: ids from the API. */
async function reportBody(api, token, communityId) {
  const [room] = await api.request(
    'GET',
    `/api/locations?communityId=${communityId}&kind=room&limit=1`,
    undefined,
    token,
  );
  const [category] = await api.request('GET', `/api/categories?communityId=${communityId}`, undefined, token);
  return {
    communityId,
    locationId: room.id,
    categoryId: category.id,
    description: '压测报修 [<id>]',
    contactName: '压测住户',
    contactPhone: '13800001051',
  };
}

const PAGE_RESIDENT = 'sunny.resident1';

export const PAGE_SCENARIOS = [
  {
    name: 'lighthouse: resident report page',
    path: '/#/resident/pages/report/index',
    as: PAGE_RESIDENT,
  },
  {
    name: 'lighthouse: resident ticket page',
    as: PAGE_RESIDENT,
    prepare: prepareTicketPage,
  },
];

/** A fresh report by the resident, through the API: the page shows that ticket. */
async function prepareTicketPage(api) {
  const resident = await api.login(PAGE_RESIDENT);
  const communities = await api.request('GET', '/api/communities', undefined, resident);
  const community = communities.find((c) => c.code === 'SUNNY');
  const body = await reportBody(api, resident, community.id);
  const { ticket } = await api.request(
    'POST',
    '/api/tickets',
    { ...body, description: '页面测速报修：厨房水龙头滴水' },
    resident,
  );
  return { path: `/#/resident/pages/ticket/index?id=${ticket.id}`, expectText: ticket.number };
}
