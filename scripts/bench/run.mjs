// npm run bench: starts the real API and a minimal baseline app on MariaDB, loads each scenario
// with autocannon from this process, and prints req/s and latency next to the baseline's. Then
// scores the H5 app's pages, served by the same API, with Lighthouse, and prints the build's sizes.
// Exits 1 if any scenario saw errors or non-2xx answers, so a broken route cannot pass as fast,
// or if a page could not be measured as the person it was meant for.
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { SCORE_TARGET, buildSizes, ensureH5Build, measurePage, startBrowser } from './lighthouse.mjs';
import {
  REPO_ROOT,
  buildServerIfStale,
  cpuMs,
  databasePid,
  dropDatabases,
  freePorts,
  installCleanup,
  log,
  mariadbUrl,
  mariadbVersion,
  startNodeProcess,
  stopAllProcesses,
} from './lib.mjs';
import { API_SCENARIOS, BASELINES, DEMO_PASSWORD, PAGE_SCENARIOS } from './scenarios.mjs';

const CONNECTIONS = 32;
const WARMUP_SECONDS = 2;
const SECONDS = wholeNumber(process.env.BENCH_SECONDS, 10);
const API_DATABASE = 'smart_repair_bench';
const BASELINE_DATABASE = 'smart_repair_bench_baseline';

/** The autocannon run in progress, so Ctrl-C can stop it. */
let currentLoad = null;

async function main() {
  installCleanup(() => currentLoad?.stop());
  const apiScenarios = selected(API_SCENARIOS);
  const pageScenarios = selected(PAGE_SCENARIOS);
  if (apiScenarios.length === 0 && pageScenarios.length === 0)
    throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY}: no scenario's name contains that text`);
  await buildServerIfStale();
  // The API serves miniapp/dist/h5 at /: it must be there before the API starts.
  if (pageScenarios.length > 0) await ensureH5Build();
  const mariadb = await mariadbVersion();
  await dropDatabases([API_DATABASE, BASELINE_DATABASE]);

  const [apiPort, baselinePort] = await freePorts(2);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  // The baselines are the yardstick of the load runs only: without any, they are not started.
  const loadRuns = apiScenarios.length > 0;
  log(loadRuns ? 'starting the API and the baseline app' : 'starting the API');
  const [api, baseline] = await Promise.all([
    startNodeProcess({
      name: 'API',
      script: join(REPO_ROOT, 'server', 'dist', 'main.js'),
      env: {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        DATABASE_URL: mariadbUrl(API_DATABASE),
        DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        JWT_SECRET: randomBytes(36).toString('base64url'),
        // The login route limits attempts per client address and per account; the whole run
        // comes from one address and one account, so the limit is lifted out of the way.
        LOGIN_ATTEMPTS_PER_MINUTE: '1000000',
        LOGIN_MAX_FAILURES: '100',
      },
      healthUrl: `${apiUrl}/api/health`,
      // BENCH_CPU_PROFILE=<folder>: the API writes a V8 CPU profile there when it stops.
      nodeArgs: process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : [],
    }),
    loadRuns
      ? startNodeProcess({
          name: 'baseline app',
          script: join(REPO_ROOT, 'scripts', 'bench', 'baseline-app.mjs'),
          env: { PORT: String(baselinePort), BASELINE_DATABASE },
          healthUrl: `${baselineUrl}${BASELINES.select.path}`,
        })
      : null,
  ]);

  // Each route is paired with its own run of the baseline, measured just before the route's
  // warm-up: this machine's speed drifts over minutes, and a ratio to a baseline measured minutes
  // earlier would measure the drift as much as the route.
  const pairs = [];
  for (const scenario of apiScenarios) {
    let yardstick;
    const measured = await measure(apiUrl, scenario, api.child.pid, async () => {
      yardstick = await measure(baselineUrl, BASELINES[scenario.baseline], baseline.child.pid);
    });
    pairs.push({
      yardstick: yardstick ?? { scenario: BASELINES[scenario.baseline], problems: [] },
      measured,
    });
  }
  const pages = pageScenarios.length > 0 ? await measurePages(apiUrl, pageScenarios) : null;

  printReport({
    mariadb,
    pairs,
    pages,
    processes: [api, baseline].filter((handle) => handle !== null),
  });
  await stopAllProcesses();
  const failed =
    [...pairs.flatMap(({ yardstick, measured }) => [yardstick, measured]), ...(pages?.results ?? [])].some(
      (result) => result.problems.length > 0,
    ) || (pages?.problems.length ?? 0) > 0;
  process.exitCode = failed ? 1 : 0;
}

/** BENCH_ONLY=text keeps the scenarios whose name contains the text (the baselines always run with load scenarios). */
function selected(scenarios) {
  const only = process.env.BENCH_ONLY;
  return only ? scenarios.filter((scenario) => scenario.name.includes(only)) : scenarios;
}

/** Every page under Lighthouse, one at a time in one chromium, then the build's sizes. */
async function measurePages(apiUrl, scenarios) {
  const sizes = await buildSizes();
  let browser;
  try {
    browser = await startBrowser();
  } catch (error) {
    log(`pages: skipped, ${error.message}`);
    return { results: [], sizes, problems: [error.message] };
  }
  const results = [];
  try {
    for (const scenario of scenarios)
      results.push(await measurePage(apiUrl, scenario, browser, apiClient(apiUrl)));
  } finally {
    await browser.close();
  }
  return {
    results,
    sizes,
    problems: [],
    lighthouseVersion: browser.lighthouseVersion,
    chromiumVersion: browser.chromiumVersion,
  };
}

/**
 * One scenario: a single checked request, a warm-up, then the measured run, with the CPU time the
 * serving process and the database spent on it. beforeLoad, if given, runs once the scenario is
 * prepared and checked, just before its warm-up (the paired baseline run).
 */
async function measure(baseUrl, scenario, serverPid, beforeLoad = async () => {}) {
  const problems = [];
  let request;
  try {
    request = await buildRequest(baseUrl, scenario);
  } catch (error) {
    log(`${scenario.name}: skipped, ${error.message}`);
    return { scenario, problems: [error.message] };
  }

  const url = baseUrl + (request.path ?? scenario.path);
  // No point measuring 401s or 404s at full speed: check one answer first and show it if wrong.
  const probe = await sendOnce(url, request);
  if (!probe.ok) {
    log(`${scenario.name}: skipped, a single request answered ${probe.status}`);
    problems.push(`a single request answered ${probe.status}: ${probe.body}`);
    return { scenario, problems };
  }

  await beforeLoad();
  log(`${scenario.name}: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured`);
  await load(url, request, WARMUP_SECONDS);
  const dbPid = databasePid();
  const before = { server: cpuMs(serverPid), db: cpuMs(dbPid) };
  const { result, firstError } = await load(url, request, SECONDS);
  const after = { server: cpuMs(serverPid), db: cpuMs(dbPid) };
  const perRequest = (key) =>
    before[key] === null || after[key] === null || result.requests.total === 0
      ? null
      : (after[key] - before[key]) / result.requests.total;
  result.cpuMsPerRequest = { server: perRequest('server'), db: perRequest('db') };

  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code} × ${count}`);
    problems.push(`${result.non2xx} non-2xx answers (${codes.join(', ')})`);
    // Whatever went wrong under load may still be going wrong: show one answer now.
    const after = await sendOnce(url, request);
    problems.push(`one request after the run answered ${after.status}: ${after.body}`);
  }
  if (result.errors > 0) {
    problems.push(
      `${result.errors} errors, ${result.timeouts} of them timeouts (first: ${firstError?.message ?? '?'})`,
    );
  }
  if (result.requests.total === 0) problems.push('no request completed');
  if (request.verify !== undefined) problems.push(...(await request.verify()));
  return { scenario, result, problems };
}

/** Method, headers and body as autocannon wants them, with a fresh token for `as` scenarios. */
async function buildRequest(baseUrl, scenario) {
  const prepared = scenario.prepare ? await scenario.prepare(apiClient(baseUrl)) : {};
  const headers = { ...scenario.headers };
  const bodyValue = prepared.body ?? scenario.body;
  if (bodyValue !== undefined) headers['content-type'] = 'application/json';
  // A new login per scenario keeps the token far from its expiry however long the runs are.
  if (scenario.as !== undefined) headers.authorization = `Bearer ${await logIn(baseUrl, scenario.as)}`;
  const body = bodyValue === undefined ? undefined : JSON.stringify(bodyValue);
  return { method: scenario.method, headers, body, path: prepared.path, verify: prepared.verify };
}

/** What a scenario's prepare step may do: log in and call the API, failing loudly on any error. */
function apiClient(baseUrl) {
  return {
    login: (account) => logIn(baseUrl, account),
    /** What the app keeps after a password login (miniapp/src/stores/session.ts). */
    async session(account) {
      const { accessToken, refreshToken, user } = await loginAnswer(baseUrl, account);
      const communityId = user.roles.find((grant) => grant.communityId !== null)?.communityId ?? null;
      return { accessToken, refreshToken, user, communityId };
    },
    async request(method, path, body, token) {
      const response = await fetch(baseUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`preparing: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
      return text === '' ? undefined : JSON.parse(text);
    },
  };
}

async function logIn(baseUrl, account) {
  const { accessToken } = await loginAnswer(baseUrl, account);
  return accessToken;
}

async function loginAnswer(baseUrl, account) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`logging in as ${account} answered ${response.status}: ${text}`);
  const answer = JSON.parse(text);
  if (typeof answer.accessToken !== 'string')
    throw new Error(`logging in as ${account} gave no accessToken: ${text}`);
  return answer;
}

async function sendOnce(url, { method, headers, body }) {
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body?.replaceAll('[<id>]', randomUUID()),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, body: text.slice(0, 500) };
  } catch (error) {
    return { ok: false, status: 'no answer', body: error.cause?.code ?? error.message };
  }
}

/** One autocannon run; resolves with its result and the first request error seen, if any. */
function load(url, { method, headers, body }, seconds) {
  return new Promise((resolve, reject) => {
    let firstError = null;
    const instance = autocannon(
      {
        url,
        method,
        headers,
        body,
        // A fresh id per request where the body asks for one. Done here rather than with
        // autocannon's idReplacement, whose Content-Length assumes a longer id than it inserts.
        ...(body?.includes('[<id>]') ? { requests: [{ setupRequest: withFreshId }] } : {}),
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 10,
      },
      (error, result) => {
        clearTimeout(guard);
        currentLoad = null;
        if (error) reject(error);
        else resolve({ result, firstError });
      },
    );
    currentLoad = instance;
    instance.on('reqError', (error) => {
      firstError ??= error;
    });
    // autocannon stops by itself after `duration`; this only guards against it never calling back.
    const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1000);
  });
}

function withFreshId(request) {
  return { ...request, body: request.body.replaceAll('[<id>]', randomUUID()) };
}

// ---------------------------------------------------------------- report

function printReport({ mariadb, pairs, pages, processes }) {
  const cpus = os.cpus();
  const machine = `cpu: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}, ${os.platform()} ${os.arch()}; Node ${process.version}`;
  const lines = [''];
  if (pairs.length > 0) lines.push(...loadReport({ mariadb, pairs, machine }));
  else lines.push(machine, '');
  if (pages !== null) lines.push(...pageReport(pages));

  for (const { name, warnings } of processes) {
    if (warnings.length === 0) continue;
    lines.push(`${name} logged ${warnings.length} warning/error line(s); the first few:`);
    lines.push(...warnings.slice(0, 5).map((line) => `  ${line.slice(0, 400)}`), '');
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function loadReport({ mariadb, pairs, machine }) {
  const lines = [
    `智能报修 API benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured per scenario`,
    machine,
    `MariaDB: ${mariadb}`,
    '',
  ];

  // A ratio of failed requests would flatter the route: a failed row says FAILED instead.
  const compare = (result, text) => (result.problems.length > 0 ? 'FAILED' : text);
  const rows = [];
  for (const { yardstick, measured } of pairs) {
    rows.push(tableRow(yardstick, compare(yardstick, 'base for the next row')));
    rows.push(tableRow(measured, compare(measured, ratio(measured, yardstick))));
  }
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'cpu ms/req',
    'db ms/req',
    'vs baseline',
  ];
  lines.push(...formatTable(header, rows), '');

  const problems = pairs
    .flatMap(({ yardstick, measured }) => [yardstick, measured])
    .filter((result) => result.problems.length > 0);
  for (const { scenario, problems: list } of problems) {
    lines.push(`FAILED ${scenario.name}:`, ...list.map((problem) => `  - ${problem}`));
  }
  if (problems.length > 0) lines.push('');
  return lines;
}

/** Lighthouse's performance score of each page next to the target, what it blames, and the build's sizes. */
function pageReport({ results, sizes, problems, lighthouseVersion, chromiumVersion }) {
  const lines = [
    `H5 pages: Lighthouse ${lighthouseVersion ?? '?'} performance, mobile (simulated slow 4G, 4× slower CPU), one cold load each`,
    `browser: ${chromiumVersion ?? 'not started'}`,
    '',
  ];
  const whole = (value) => (value === null || value === undefined ? '—' : String(Math.round(value)));
  const rows = results.map((result) => {
    const metrics = result.metrics ?? {};
    const verdict =
      result.problems.length > 0
        ? 'FAILED'
        : result.score >= SCORE_TARGET
          ? 'meets the target'
          : 'UNDER the target';
    return [
      result.scenario.name,
      whole(result.score),
      `≥ ${SCORE_TARGET}`,
      whole(metrics['first-contentful-paint']),
      whole(metrics['largest-contentful-paint']),
      whole(metrics['total-blocking-time']),
      metrics['cumulative-layout-shift'] === null || metrics['cumulative-layout-shift'] === undefined
        ? '—'
        : metrics['cumulative-layout-shift'].toFixed(3),
      whole(metrics['speed-index']),
      verdict,
    ];
  });
  const header = ['page', 'score', 'target', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'SI ms', 'verdict'];
  if (rows.length > 0) lines.push(...formatTable(header, rows), '');

  for (const result of results) {
    if (result.problems.length > 0 || typeof result.score !== 'number' || result.score >= SCORE_TARGET)
      continue;
    lines.push(`${result.scenario.name} (${result.path}): ${result.score}; what Lighthouse blames most:`);
    for (const finding of result.findings) {
      const saving = [
        finding.savingsMs > 0 ? `~${Math.round(finding.savingsMs)} ms` : '',
        finding.savingsBytes > 0 ? `~${kib(finding.savingsBytes)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `  - ${finding.title}${finding.displayValue ? `: ${finding.displayValue}` : ''}${saving ? ` (saves ${saving})` : ''} [${finding.id}]`,
      );
    }
    if (result.findings.length === 0) lines.push('  - (no failing audit with a saving)');
  }
  for (const result of results.filter((item) => item.problems.length > 0)) {
    lines.push(`FAILED ${result.scenario.name}:`, ...result.problems.map((problem) => `  - ${problem}`));
  }
  for (const problem of problems) lines.push(`FAILED pages: ${problem}`);
  if (lines.at(-1) !== '') lines.push('');

  if (sizes.h5 === null) lines.push('H5 build (miniapp/dist/h5): not built');
  else {
    const { h5 } = sizes;
    lines.push(
      `H5 build (miniapp/dist/h5): ${kib(h5.bytes)} in ${h5.files} files`,
      `  entry JS:  ${kib(h5.entryJs.gzipBytes)} gzip (${h5.entryJs.files.join(', ')})`,
      `  entry CSS: ${kib(h5.entryCss.gzipBytes)} gzip (${h5.entryCss.files.join(', ')})`,
    );
  }
  lines.push(
    `WeChat main package (miniapp/dist/weapp): ${sizes.weappMain ?? 'not built (npm run build:weapp -w miniapp)'}`,
    '',
  );
  return lines;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function tableRow({ scenario, result }, comparison) {
  if (result === undefined) return [scenario.name, '—', '—', '—', '—', '—', '—', '—', 'not run'];
  const cpu = (ms) => (ms === null ? '—' : ms.toFixed(2));
  return [
    scenario.name,
    result.requests.average.toFixed(1),
    String(result.latency.p50),
    String(result.latency.p99),
    String(result.non2xx),
    String(result.errors),
    cpu(result.cpuMsPerRequest.server),
    cpu(result.cpuMsPerRequest.db),
    comparison,
  ];
}

function ratio(apiResult, baselineResult) {
  if (apiResult.result === undefined || baselineResult?.result === undefined) return '—';
  const base = baselineResult.result.requests.average;
  if (!(base > 0)) return '—';
  const value = apiResult.result.requests.average / base;
  // Two significant digits for small ratios, so a slow route does not read as 0.00×.
  return `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}× ${apiResult.scenario.baseline.toUpperCase()}`;
}

/** Plain aligned columns: text left, numbers right. */
function formatTable(header, rows) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const numeric = (column) => column > 0 && column < header.length - 1;
  const format = (row) =>
    row
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)];
}

function wholeNumber(raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3600) {
    throw new Error(`BENCH_SECONDS: "${raw}" is not a whole number of seconds from 1 to 3600`);
  }
  return value;
}

main()
  .catch(async (error) => {
    log(error.stack ?? String(error));
    await stopAllProcesses();
    process.exitCode = 1;
  })
  .finally(() => {
    // Idle keep-alive sockets may hold the event loop for a while; nothing is left to wait for.
    setTimeout(() => process.exit(), 3000).unref();
  });
