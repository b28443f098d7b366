// What the benchmark measures. Add a scenario by adding an object to API_SCENARIOS:
//   name      a short label for the table
//   method    HTTP method
//   path      request path on the API (or on the baseline app, for BASELINES)
//   body      optional JSON body; the text [<id>] in it becomes a fresh UUID on every request,
//             for writes that must not collide (e.g. a unique title)
//   headers   optional extra request headers
//   as        optional demo account: the run logs in as it before the scenario and sends its token
//   baseline  'select' for reads, 'insert' for writes: which baseline the req/s is compared to
//   prepare   optional async (api) => ({ body?, path? }): sets the scene through the real API before
//             the run (api.login(account), api.request(method, path, body, token)) and may fill in
//             the body or path with ids it found
// Every demo account's password is DEMO_PASSWORD (the server's demo data, DEMO_DATA=true).

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
];
