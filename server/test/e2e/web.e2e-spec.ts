import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { startTestApp, type TestApp } from '../support/test-app';

const ASSET = 'js/app.0c34de16.js';
const BIG_ASSET = 'js/vendors.5a7b9c3d.js';
/** A script big enough to be worth compressing, as repetitive as real bundles are. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = "报修${i}";`).join('\n');

/** A running app serving `webDir` at `/`. Static files do not depend on the database: SQLite here. */
async function startServing(webDir: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'smart-repair-web-'));
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'test.sqlite')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DEMO_DATA: 'false',
    }),
    webDir,
  };
  const { app } = await createApp(config, pino({ level: 'silent' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await (app as NestFastifyApplication).close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the H5 app served at /', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'smart-repair-h5-'));
  let served: Awaited<ReturnType<typeof startServing>>;

  beforeAll(async () => {
    mkdirSync(join(webDir, 'js'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>智能报修</title><div id="app"></div>');
    writeFileSync(join(webDir, ASSET), 'console.log("app");');
    writeFileSync(join(webDir, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(webDir, BIG_ASSET), BIG_SCRIPT);
    writeFileSync(join(tmpdir(), 'outside-web-dir.txt'), 'secret');
    served = await startServing(webDir);
  });
  afterAll(async () => {
    await served.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('answers / with index.html, revalidated on every visit', async () => {
    const response = await served.http().get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toContain('<div id="app">');
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await served.http().get(`/${ASSET}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/javascript');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.text).toBe('console.log("app");');
  });

  /** Plain node:http, which (unlike supertest and fetch) hands the bytes over as they came. */
  const raw = (path: string, encoding: string) => {
    const { port } = (served.app.getHttpServer() as import('node:http').Server).address() as { port: number };
    return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get({ port, host: '127.0.0.1', path, headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  };

  it('compresses text for browsers that accept it, brotli first, and caches it per encoding', async () => {
    const br = await raw(`/${BIG_ASSET}`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_SCRIPT);
    expect(Number(br.headers['content-length'])).toBeLessThan(BIG_SCRIPT.length / 4);
    const gz = await raw(`/${BIG_ASSET}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BIG_SCRIPT);
    const plain = await raw(`/${BIG_ASSET}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG_SCRIPT);
    // A tiny file is not worth it.
    expect(
      (await served.http().get(`/${ASSET}`).set('accept-encoding', 'br')).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('compresses JSON answers of a KiB or more for clients that take it, and no smaller ones', async () => {
    const plain = await raw('/api/docs-json', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);
    const br = await raw('/api/docs-json', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(br.body)).toEqual(plain.body);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    const gz = await raw('/api/docs-json', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body)).toEqual(plain.body);
    // A short answer (an error here) goes as it is.
    const small = await raw('/api/tickets/mine', 'gzip, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('serves unhashed files, but has them revalidated', async () => {
    const response = await served.http().get('/robots.txt');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers 304 when the browser already has the current index.html', async () => {
    const first = await served.http().get('/');
    const again = await served
      .http()
      .get('/')
      .set('if-none-match', first.headers.etag as string);
    expect(again.status).toBe(304);
  });

  it('answers any app path without an extension with index.html (the app routes it)', async () => {
    const response = await served.http().get('/resident/pages/report/index?locationId=x');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="app">');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing file with 404, not with the app page', async () => {
    const response = await served.http().get('/js/gone.0123abcd.js');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('<div id="app">');
  });

  it('never serves a file outside its folder', async () => {
    const response = await served.http().get('/%2e%2e/outside-web-dir.txt');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('secret');
  });

  it('leaves unknown /api paths to the API’s own JSON 404', async () => {
    const response = await served.http().get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const health = await served.http().get('/api/health');
    expect(health.status).toBe(200);
  });
});

describe('before the H5 app is built', () => {
  it('answers / with a page saying how to build it', async () => {
    const missing = join(tmpdir(), `smart-repair-no-h5-${randomBytes(4).toString('hex')}`);
    const served = await startServing(missing);
    try {
      const response = await served.http().get('/');
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.text).toContain('npm run build:h5 -w miniapp');
      expect((await served.http().get('/api/health')).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});

describe('demo accounts for the login page', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('offers none without demo data', async () => {
    t = await startTestApp();
    const response = await t.http().get('/api/web/demo-accounts');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ enabled: false, password: null, accounts: [] });
  });

  it('lists every demo person with their role and community, and the shared password', async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
    const response = await t.http().get('/api/web/demo-accounts');
    expect(response.status).toBe(200);
    expect(response.body.enabled).toBe(true);
    expect(response.body.password).toBe('Repair#2026');
    const accounts = response.body.accounts as {
      username: string;
      role: string;
      communityName: string | null;
    }[];
    expect(accounts[0]).toMatchObject({ username: 'hq', role: 'hq_admin', communityName: null });
    expect(accounts).toContainEqual(
      expect.objectContaining({ username: 'sunny.resident1', role: 'resident', communityName: '阳光花园' }),
    );
    expect(accounts.map((account) => account.username)).toEqual(
      expect.arrayContaining(['sunny.admin', 'sunny.plumber', 'lake.resident1']),
    );
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ account: 'sunny.plumber', password: response.body.password as string });
    expect(login.status).toBe(200);
  });
});
