// The whole product in a real browser: the built server on a fresh SQLite database with demo data,
// serving the built H5 app. A resident reports with a photo, the system dispatches, the engineer
// takes and starts, asks for a ¥121 surcharge in two lines, the dispatcher approves it, the resident
// agrees and pays in the demo cashier, the engineer completes, the office accepts, the resident
// rates, and the office's figures count the ticket and the money; each step is checked on the page
// and through the API, with a screenshot kept under test-output/e2e.
//
//   npm run build -w shared && npm run build -w server && npm run build:h5 -w miniapp
//   npm run e2e -w miniapp
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const output = join(repo, 'miniapp', 'test-output', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Repair#2026';
const STEP_TIMEOUT_MS = 15_000;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A small valid PNG (a red square), made here so the test needs no fixture file. */
function pngPhoto() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const size = 32;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([220, 40, 40]))]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function startServer(port, dataDir) {
  const server = spawn(process.execPath, [join(repo, 'server', 'dist', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'e2e.sqlite')}`,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout.on('data', (data) => (log += data));
  server.stderr.on('data', (data) => (log += data));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return { server, log: () => log };
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  server.kill();
  throw new Error(`server did not answer within 60 s:\n${log}`);
}

function api(base) {
  const call = async (method, path, token, body) => {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(data)}`);
    return data;
  };
  return {
    login: async (account) =>
      (await call('POST', '/auth/login', null, { account, password: PASSWORD })).accessToken,
    get: (path, token) => call('GET', path, token),
  };
}

function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  console.log(`  ✓ ${what}: ${JSON.stringify(actual)}`);
}

async function run() {
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'smart-repair-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { server, log } = await startServer(port, dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const rest = api(base);
  let shot = 0;

  /** A phone-sized page of its own (separate storage, so a separate login) for one person. */
  async function personPage(username) {
    const context = await browser.newContext({
      hasTouch: true,
      isMobile: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  [${username}] page error: ${error.message}`));
    await page.goto(`${base}/`);
    await page.getByTestId('login').waitFor();
    await page.getByTestId(`demo-${username}`).tap();
    return page;
  }

  const screenshot = async (page, name) => {
    shot += 1;
    await page.screenshot({
      path: join(output, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  const status = (page) => page.getByTestId('ticket-screen').getByTestId('ticket-status').first();
  const waitForStatus = async (page, expected) => {
    await page
      .locator(`[data-testid="ticket-screen"] [data-testid="ticket-status"][data-status="${expected}"]`)
      .waitFor();
    expectEqual(await status(page).getAttribute('data-status'), expected, 'status on the page');
  };

  try {
    console.log('resident reports a dripping tap with a photo');
    const resident = await personPage('sunny.resident1');
    await resident.getByTestId('my-tickets').waitFor();
    await screenshot(resident, 'resident-my-tickets');
    await resident.getByTestId('new-report').tap();
    await resident.getByTestId('report').waitFor();
    for (const name of ['一区', '1栋', '1层', '101室']) await resident.getByTestId(`location-${name}`).tap();
    await resident.getByTestId('location-chosen').waitFor();
    await resident.getByTestId('category').getByText('水龙头', { exact: true }).tap();
    await resident.getByTestId('description').locator('textarea').fill('厨房水龙头一直滴水，关不紧');
    const chooser = resident.waitForEvent('filechooser');
    await resident.getByTestId('photos-add-image').tap();
    await (await chooser).setFiles({ name: 'tap.png', mimeType: 'image/png', buffer: pngPhoto() });
    await resident.getByTestId('photos-item').waitFor();
    await screenshot(resident, 'resident-report-form');
    await resident.getByTestId('report-submit').tap();
    await resident.getByTestId('ticket-number').waitFor();
    const number = (await resident.getByTestId('ticket-number').textContent()).trim();
    await waitForStatus(resident, 'dispatched');
    await resident.getByTestId('ticket-assignee').getByText('李水工').waitFor();
    await screenshot(resident, 'resident-reported-and-dispatched');

    const residentToken = await rest.login('sunny.resident1');
    const mine = await rest.get('/tickets/mine', residentToken);
    const reported = mine.items.find((item) => item.number === number);
    const ticketId = reported.id;
    const detail = await rest.get(`/tickets/${ticketId}`, residentToken);
    expectEqual(detail.status, 'dispatched', 'API: the system dispatched it');
    expectEqual(detail.assignee?.name, '李水工', 'API: to the plumber');
    expectEqual(detail.attachments.filter((a) => a.kind === 'image').length, 1, 'API: with the photo');
    expectEqual(detail.channel, 'h5', 'API: reported through H5');

    console.log('engineer takes, starts and completes it');
    const engineer = await personPage('sunny.plumber');
    await engineer.getByTestId(`ticket-${number}`).tap();
    await engineer.getByTestId('dispatch-reason').or(engineer.getByTestId('ticket-number')).first().waitFor();
    await engineer.getByTestId('action-take').tap();
    await waitForStatus(engineer, 'assigned');
    await engineer.getByTestId('action-start').tap();
    await waitForStatus(engineer, 'in_repair');

    console.log('engineer asks for a ¥121 surcharge in two lines');
    await engineer.getByTestId('surcharge-ask').tap();
    await engineer.getByTestId('surcharge-reason-damage_by_person').tap();
    const fillLine = async (index, name, quantity, price) => {
      const line = engineer.getByTestId(`surcharge-line-${index}`);
      await line.getByTestId('line-name').locator('input').fill(name);
      await line.getByTestId('line-quantity').locator('input').fill(quantity);
      await line.getByTestId('line-price').locator('input').fill(price);
    };
    await fillLine(0, '角阀（铜）', '2', '35.5');
    await engineer.getByTestId('line-add').tap();
    await fillLine(1, '上门人工', '1', '50');
    await engineer.getByTestId('surcharge-note').locator('textarea').fill('角阀锈死，需一并更换');
    await engineer.getByTestId('surcharge-total').getByText('¥121.00').waitFor();
    expectEqual(await engineer.getByTestId('surcharge-total').textContent(), '¥121.00', 'live total');
    await screenshot(engineer, 'engineer-surcharge-form');
    await engineer.getByTestId('surcharge-submit').tap();
    const surchargeStatus = (page, expected) =>
      page.locator(`[data-testid="surcharge-status"][data-status="${expected}"]`).first().waitFor();
    await surchargeStatus(engineer, 'pending_approval');
    const plumberToken = await rest.login('sunny.plumber');
    const [asked] = await rest.get(`/tickets/${ticketId}/surcharges`, plumberToken);
    expectEqual(asked.totalFen, 12_100, 'API: surcharge total in fen');
    expectEqual(
      asked.lines.map((line) => `${line.name}×${line.quantity}@${line.unitPriceFen}`).join(','),
      '角阀（铜）×2@3550,上门人工×1@5000',
      'API: surcharge lines in fen',
    );

    console.log('dispatcher approves it');
    const dispatcher = await personPage('sunny.dispatcher');
    await dispatcher.getByTestId('board').waitFor();
    await dispatcher.getByTestId('open-surcharges').tap();
    await dispatcher.getByTestId(`approval-${asked.id}`).waitFor();
    await screenshot(dispatcher, 'dispatcher-surcharge-queue');
    await dispatcher.getByTestId(`approval-${asked.id}`).getByTestId('surcharge-approve').tap();
    await dispatcher.getByTestId('surcharge-approvals').getByTestId('state-empty').waitFor();
    const dispatcherToken = await rest.login('sunny.dispatcher');
    expectEqual(
      (await rest.get(`/surcharges/${asked.id}`, dispatcherToken)).status,
      'awaiting_resident',
      'API: approved, quoted to the resident',
    );

    console.log('resident agrees and pays in the demo cashier');
    await resident.reload();
    await resident.getByTestId('surcharge-agree').tap();
    await surchargeStatus(resident, 'awaiting_payment');
    await resident.getByTestId('surcharge-pay').tap();
    await resident.getByTestId('demo-cashier').waitFor();
    expectEqual(await resident.getByTestId('cashier-amount').textContent(), '¥121.00', 'cashier amount');
    await screenshot(resident, 'resident-demo-cashier');
    await resident.getByTestId('cashier-confirm').tap();
    await surchargeStatus(resident, 'paid');
    await resident.getByTestId('surcharge-paid').getByText('已支付 ¥121.00').waitFor();
    await screenshot(resident, 'resident-surcharge-paid');
    const paid = await rest.get(`/surcharges/${asked.id}`, residentToken);
    expectEqual(paid.status, 'paid', 'API: surcharge paid');
    expectEqual(paid.paidFen, 12_100, 'API: paid in fen');

    console.log('engineer completes it');
    await engineer.reload();
    await surchargeStatus(engineer, 'paid');
    await engineer.getByTestId('action-complete').tap();
    await engineer.getByTestId('fault-cause-natural_wear').tap();
    await engineer.getByTestId('handling-method').locator('textarea').fill('更换陶瓷阀芯');
    await engineer.getByTestId('part-name').locator('input').fill('陶瓷阀芯');
    await screenshot(engineer, 'engineer-completion-form');
    await engineer.getByTestId('form-confirm').tap();
    await waitForStatus(engineer, 'completed');
    await screenshot(engineer, 'engineer-completed');
    const completed = await rest.get(`/tickets/${ticketId}`, plumberToken);
    expectEqual(completed.status, 'completed', 'API: completed');
    expectEqual(completed.faultCause, 'natural_wear', 'API: fault cause');
    expectEqual(completed.parts[0]?.name, '陶瓷阀芯', 'API: parts used');

    console.log('office accepts the work');
    const admin = await personPage('sunny.admin');
    await admin.getByTestId('board').waitFor();
    await admin.getByTestId('tab-acceptance').tap();
    await admin.getByTestId(`ticket-${number}`).tap();
    await admin.getByTestId('dispatch-reason').waitFor();
    await screenshot(admin, 'admin-ticket-with-dispatch-reason');
    await admin.getByTestId('action-pass').tap();
    await waitForStatus(admin, 'verified');
    const adminToken = await rest.login('sunny.admin');
    expectEqual((await rest.get(`/tickets/${ticketId}`, adminToken)).status, 'verified', 'API: accepted');

    console.log('resident rates it');
    await resident.reload();
    await resident.getByTestId('action-rate').tap();
    await resident.getByTestId('star-5').tap();
    await resident.getByTestId('rate-comment').locator('textarea').fill('师傅很专业');
    await resident.getByTestId('form-confirm').tap();
    await waitForStatus(resident, 'closed');
    await resident.getByTestId('ticket-rating').waitFor();
    await screenshot(resident, 'resident-rated');
    const rated = await rest.get(`/tickets/${ticketId}`, residentToken);
    expectEqual(rated.status, 'closed', 'API: closed by the rating');
    expectEqual(rated.rating, 5, 'API: five stars');
    const events = await rest.get(`/tickets/${ticketId}/events`, residentToken);
    expectEqual(
      events.map((event) => event.action).join(','),
      'report,dispatch,take,start,surcharge_requested,surcharge_approved,surcharge_quoted,surcharge_agreed,payment_received,complete,pass,rate',
      'API: the timeline',
    );

    console.log('office opens the figures from the board');
    await admin.goto(`${base}/#/admin/pages/board/index`);
    await admin.getByTestId('open-stats').tap();
    await admin.getByTestId('stats-daily').waitFor();
    const counted = Number(await admin.getByTestId('stats-reported').textContent());
    if (!(counted >= 1))
      throw new Error(`figures: expected at least the 1 ticket reported here, saw ${counted}`);
    const today = Number(await admin.getByTestId('stats-daily-bar').last().getAttribute('data-value'));
    if (!(today >= 1)) throw new Error('figures: today has no bar for the ticket reported here');
    const paidShown = await admin.getByTestId('stats-paid').textContent();
    if (!/^¥\d+\.\d\d$/.test(paidShown) || Number(paidShown.slice(1)) < 121)
      throw new Error(`figures: expected at least the ¥121.00 paid here, saw ${paidShown}`);
    console.log(`  ✓ figures: ${counted} reported, ${today} today, ${paidShown} paid`);
    await screenshot(admin, 'admin-figures');

    console.log('the same app on a PC screen');
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const pc = await desk.newPage();
    await pc.goto(`${base}/`);
    await pc.getByTestId('login').waitFor();
    const column = await pc.locator('#app').boundingBox();
    // A centred phone-width column, not a layout stretched across 1440 pixels.
    if (column === null || column.width > 480 || Math.abs(column.x * 2 + column.width - 1440) > 2)
      throw new Error(
        `PC screen: expected a centred column of at most 480 px, saw ${JSON.stringify(column)}`,
      );
    console.log(`  ✓ PC screen: the app is a centred ${column.width}px column`);
    await screenshot(pc, 'pc-login');
    console.log(`e2e passed; screenshots in ${output}`);
  } catch (error) {
    for (const [index, context] of browser.contexts().entries()) {
      for (const page of context.pages()) await screenshot(page, `failure-${index}`).catch(() => undefined);
    }
    console.error(log());
    throw error;
  } finally {
    await browser.close();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
