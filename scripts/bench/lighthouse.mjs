// The H5 app's pages under Lighthouse: each page is loaded once, cold, in Debian's chromium with
// Lighthouse's mobile settings (a mid-range phone on slow 4G, simulated), logged in as a demo
// account, and scored for performance. Also the build's sizes. Used by run.mjs.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT, collectLines, log, runCommand, stopProcess, trackProcess } from './lib.mjs';

/** Lighthouse's performance score a page should reach (0–100). */
export const SCORE_TARGET = 90;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const H5_DIST = join(REPO_ROOT, 'miniapp', 'dist', 'h5');
/** Where the app keeps its session, and how Taro's H5 storage wraps a value (miniapp/src/stores/session.ts). */
const SESSION_KEY = 'smart-repair.session';
const METRICS = [
  ['FCP ms', 'first-contentful-paint'],
  ['LCP ms', 'largest-contentful-paint'],
  ['TBT ms', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
  ['SI ms', 'speed-index'],
];
/** How many of Lighthouse's findings to show for a page under the target. */
const TOP_FINDINGS = 5;

/** Builds the H5 app when miniapp/dist/h5 has no index.html (the server serves that folder at /). */
export async function ensureH5Build() {
  if (existsSync(join(H5_DIST, 'index.html'))) {
    log('miniapp/dist/h5 is built');
    return;
  }
  log('building the H5 app (npm run build:h5 -w miniapp)');
  await runCommand('npm', ['run', 'build:h5', '-w', 'miniapp'], { timeoutMs: 10 * 60_000 });
}

/**
 * Lighthouse and the puppeteer-core it drives chromium with (its own dependency, so the two
 * always match). Loaded only when pages are measured.
 */
async function loadLighthouse() {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve('lighthouse/package.json');
  const { version } = JSON.parse(readFileSync(packageFile, 'utf8'));
  const { default: lighthouse } = await import('lighthouse');
  const puppeteerMain = createRequire(packageFile).resolve('puppeteer-core');
  const puppeteerModule = await import(pathToFileURL(puppeteerMain).href);
  return { lighthouse, puppeteer: puppeteerModule.default ?? puppeteerModule, version };
}

/** Starts chromium with an empty profile and connects to it; close() ends both. */
export async function startBrowser() {
  const { lighthouse, puppeteer, version } = await loadLighthouse();
  const profile = mkdtempSync(join(tmpdir(), 'smart-repair-bench-chromium-'));
  const child = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const handle = trackProcess('chromium', child);
  const endpoint = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${CHROMIUM} gave no DevTools address within 30 s`)),
      30_000,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${CHROMIUM} did not start (${error.message}); apt-get install -y chromium`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${CHROMIUM} ended (${signal ?? `exit ${code}`}): ${handle.tail.slice(-5).join(' | ')}`),
      );
    });
    collectLines(child.stderr, (line) => {
      handle.tail.push(line);
      if (handle.tail.length > 20) handle.tail.shift();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolvePromise(found[1]);
      }
    });
  });
  const browser = await puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: null });
  return {
    lighthouse,
    lighthouseVersion: version,
    chromiumVersion: await browser.version(),
    browser,
    async close() {
      await browser.disconnect().catch(() => {});
      await stopProcess(handle);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One page: the session of `scenario.as` is put where the app keeps it, then Lighthouse loads the
 * page cold (its storage reset clears caches, not localStorage). Checks that the page stayed
 * where it was sent (a logged-out app would go to the login page) and, when the scenario names
 * one, that a text of the page is shown.
 */
export async function measurePage(baseUrl, scenario, { browser, lighthouse }, api) {
  const problems = [];
  let prepared;
  try {
    prepared = scenario.prepare ? await scenario.prepare(api) : {};
  } catch (error) {
    log(`${scenario.name}: skipped, ${error.message}`);
    return { scenario, problems: [error.message] };
  }
  const path = prepared.path ?? scenario.path;
  const url = baseUrl + path;
  const page = await browser.newPage();
  try {
    const session = await api.session(scenario.as);
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(
      (key, value) => globalThis.localStorage.setItem(key, value),
      SESSION_KEY,
      JSON.stringify({ data: session }),
    );
    // A hash change alone would not load the page again: leave it first.
    await page.goto('about:blank');

    log(`${scenario.name}: Lighthouse on ${path}`);
    const result = await lighthouse(
      url,
      { logLevel: 'error', output: 'json', onlyCategories: ['performance'] },
      undefined,
      page,
    );
    const lhr = result?.lhr;
    if (lhr === undefined) return { scenario, path, problems: ['Lighthouse gave no result'] };
    if (lhr.runtimeError) problems.push(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const landed = new URL(lhr.finalDisplayedUrl);
    if (`${landed.pathname}${landed.search}${landed.hash}` !== path)
      problems.push(`the page ended at ${landed.pathname}${landed.hash}, not ${path} (not logged in?)`);
    if (prepared.expectText !== undefined) {
      const text = await page.evaluate(() => globalThis.document.body.innerText);
      if (!text.includes(prepared.expectText))
        problems.push(`the page does not show "${prepared.expectText}"; it shows: ${text.slice(0, 200)}`);
    }
    const score = lhr.categories.performance?.score;
    return {
      scenario,
      path,
      score: typeof score === 'number' ? Math.round(score * 100) : null,
      metrics: Object.fromEntries(METRICS.map(([, id]) => [id, lhr.audits[id]?.numericValue ?? null])),
      findings: findings(lhr),
      warnings: lhr.runWarnings ?? [],
      problems,
    };
  } catch (error) {
    problems.push(error.message);
    return { scenario, path, problems };
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * What Lighthouse blames most: the performance audits that did not pass, those with the largest
 * estimated saving first (opportunities' time saved, else the metric savings it attributes).
 */
function findings(lhr) {
  const scored = ['numeric', 'binary', 'metricSavings'];
  return (
    (lhr.categories.performance?.auditRefs ?? [])
      // The metrics themselves are the score; 'hidden' holds newer duplicates of the diagnostics.
      .filter((ref) => ref.group !== 'metrics' && ref.group !== 'hidden')
      .map((ref) => lhr.audits[ref.id])
      .filter(
        (audit) =>
          audit !== undefined &&
          scored.includes(audit.scoreDisplayMode) &&
          typeof audit.score === 'number' &&
          audit.score < 0.9,
      )
      .map((audit) => ({
        id: audit.id,
        title: audit.title,
        displayValue: audit.displayValue ?? '',
        savingsMs:
          audit.details?.overallSavingsMs ?? Math.max(0, ...Object.values(audit.metricSavings ?? {})),
        savingsBytes: audit.details?.overallSavingsBytes ?? 0,
      }))
      .sort((a, b) => b.savingsMs - a.savingsMs || b.savingsBytes - a.savingsBytes)
      .slice(0, TOP_FINDINGS)
  );
}

// ---------------------------------------------------------------- sizes

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The H5 build's size: every file of dist/h5, and the gzip size of what index.html loads first
 * (its scripts and stylesheets); the WeChat main package from miniapp's size script when weapp
 * is built.
 */
export async function buildSizes() {
  const sizes = { h5: null, weappMain: null };
  if (existsSync(join(H5_DIST, 'index.html'))) {
    const files = filesUnder(H5_DIST);
    const html = readFileSync(join(H5_DIST, 'index.html'), 'utf8');
    const entry = (pattern) =>
      [...html.matchAll(pattern)]
        .map((match) => join(H5_DIST, match[1].replace(/^\//, '')))
        .filter((file) => existsSync(file));
    const gzip = (list) =>
      list.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
    const scripts = entry(/<script[^>]*\ssrc="([^"]+)"/g);
    const styles = entry(/<link[^>]*\shref="([^"]+\.css)"/g);
    sizes.h5 = {
      files: files.length,
      bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
      entryJs: { files: scripts.map((file) => relative(H5_DIST, file)), gzipBytes: gzip(scripts) },
      entryCss: { files: styles.map((file) => relative(H5_DIST, file)), gzipBytes: gzip(styles) },
    };
  }
  const sizeScript = join(REPO_ROOT, 'miniapp', 'scripts', 'package-sizes.mjs');
  if (existsSync(sizeScript) && existsSync(join(REPO_ROOT, 'miniapp', 'dist', 'weapp', 'app.json'))) {
    // The script exits 1 when the main package is over budget; its figures are wanted all the same.
    const output = await new Promise((resolvePromise) => {
      execFile(process.execPath, [sizeScript], { cwd: REPO_ROOT, timeout: 60_000 }, (_error, stdout) =>
        resolvePromise(String(stdout ?? '')),
      );
    });
    const weapp = output.split(/\n(?=\S)/).find((block) => block.startsWith('weapp:'));
    const main = weapp && /^\s+main\s+(.+)$/m.exec(weapp);
    sizes.weappMain = main ? main[1].trim() : null;
  }
  return sizes;
}
