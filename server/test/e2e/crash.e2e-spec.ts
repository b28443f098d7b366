import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../../src/config/app-config';
import { testDatabaseUrl } from '../../src/config/test-database';
import { DEMO_PASSWORD } from '../../src/database/demo-data';
import { dropMysqlDatabase } from '../../src/database/mysql-server';
import { freePort } from '../support/payments';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * R22 and R23 against the real server process: killed with SIGKILL under load, every report it
 * answered 201 is there after a restart with an intact history; stopped with SIGTERM, requests
 * in flight finish and it exits cleanly.
 */
describe('the server process under kill -9 and SIGTERM (R22, R23)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'smart-repair-crash-'));
  const mysqlBase = testDatabaseUrl();
  const databaseUrl =
    mysqlBase === undefined
      ? `sqlite:${join(dataDir, 'crash.sqlite')}`
      : mysqlBase.replace(/\/[^/?]*(\?|$)/, `/sr_crash_${randomBytes(4).toString('hex')}$1`);
  // Fixed for both lives of the server, so tokens from the first still work in the second.
  const env = {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PLATFORM_SECRETS_KEY: randomBytes(32).toString('hex'),
    DEMO_DATA: 'true',
    FAKE_PLATFORMS: 'false',
    LOG_LEVEL: 'warn',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  };
  let server: ServerProcess | undefined;

  beforeAll(() => ensureServerBuilt(), 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await dropMysqlDatabase(parseDatabaseUrl(databaseUrl, []));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One request; the answer's body typed as the caller expects it (these are our own routes). */
  async function call<T = Record<string, unknown>>(
    path: string,
    init: { method?: string; body?: unknown; token?: string } = {},
  ): Promise<{ status: number; body: T | undefined }> {
    const response = await fetch(`${server!.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as T),
    };
  }

  async function token(account: string): Promise<string> {
    const answer = await call<{ accessToken: string }>('/api/auth/login', {
      method: 'POST',
      body: { account, password: DEMO_PASSWORD },
    });
    if (answer.status !== 200) throw new Error(`login ${account}: ${answer.status}`);
    return answer.body!.accessToken;
  }

  /** A report in 阳光花园 as the resident, at a room and in a category found through the API. */
  async function reportBody(admin: string) {
    const communities = (await call('/api/communities', { token: admin })).body as unknown as {
      id: string;
      code: string;
    }[];
    const community = communities.find((c) => c.code === 'SUNNY')!;
    const rooms = (
      await call(`/api/locations?communityId=${community.id}&kind=room&limit=8`, { token: admin })
    ).body as unknown as { id: string }[];
    const [category] = (await call(`/api/categories?communityId=${community.id}`, { token: admin }))
      .body as unknown as {
      id: string;
    }[];
    return (i: number) => ({
      communityId: community.id,
      locationId: rooms[i % rooms.length]!.id,
      categoryId: category!.id,
      description: `压力测试 ${randomUUID()}`,
    });
  }

  /** How many tickets the organisation has had reported (the office's figures). */
  async function reported(admin: string): Promise<number> {
    const to = new Date(Date.now() + 3600_000).toISOString();
    const figures = await call<{ reported: number }>(`/api/stats/tickets?to=${to}`, { token: admin });
    if (figures.status !== 200) throw new Error(`stats: ${figures.status}`);
    return figures.body!.reported;
  }

  it('keeps every acknowledged report, with its history, through a SIGKILL under load', async () => {
    const port = await freePort();
    server = await startServerProcess(env, port);
    const admin = await token('sunny.admin');
    // Duplicate linking off: each report stands alone.
    const community = (
      (await call('/api/communities', { token: admin })).body as unknown as { id: string; code: string }[]
    ).find((c) => c.code === 'SUNNY')!;
    const settings = (
      await call<{ dispatch: Record<string, unknown> }>(`/api/communities/${community.id}/settings`, {
        token: admin,
      })
    ).body!;
    settings.dispatch = { ...settings.dispatch, duplicateWindowHours: 0, maxOpenPerEngineer: 100 };
    expect(
      (
        await call(`/api/communities/${community.id}/settings`, {
          method: 'PUT',
          token: admin,
          body: settings,
        })
      ).status,
    ).toBe(200);
    const resident = await token('sunny.resident1');
    const body = await reportBody(admin);

    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    const worker = async (lane: number) => {
      while (!stop) {
        sent += 1;
        try {
          const answer = await call<{ ticket: { id: string } }>('/api/tickets', {
            method: 'POST',
            token: resident,
            body: body(lane + sent),
          });
          if (answer.status === 201) acknowledged.push(answer.body!.ticket.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const lanes = Array.from({ length: 8 }, (_, lane) => worker(lane));
    // Kill it at an arbitrary moment once it is busy.
    while (acknowledged.length < 10) await new Promise((wait) => setTimeout(wait, 5));
    await new Promise((wait) => setTimeout(wait, 50 + Math.floor(Math.random() * 200)));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(lanes);
    expect(sent).toBeGreaterThan(acknowledged.length);

    server = await startServerProcess(env, port);
    for (const id of acknowledged) {
      const ticket = await call(`/api/tickets/${id}`, { token: admin });
      expect({ id, status: ticket.status }).toEqual({ id, status: 200 });
      const chain = await call<{ valid: boolean; events: number }>(`/api/tickets/${id}/chain`, {
        token: admin,
      });
      expect({ id, valid: chain.body!.valid }).toEqual({ id, valid: true });
      expect(chain.body!.events).toBeGreaterThanOrEqual(1);
    }
    // The restarted server takes new reports as before.
    expect((await call('/api/tickets', { method: 'POST', token: resident, body: body(0) })).status).toBe(201);
  });

  it('finishes the requests in flight on SIGTERM and exits cleanly', async () => {
    if (server === undefined || server.child.exitCode !== null)
      server = await startServerProcess(env, await freePort());
    const admin = await token('sunny.admin');
    const resident = await token('sunny.resident1');
    const body = await reportBody(admin);
    const before = await reported(admin);
    type Answer = { status: number; id?: string; code?: string };
    const answers: Answer[] = [];
    let sent = 0;
    // Six lanes keep reports coming until the server stops taking them.
    const lane = async () => {
      for (;;) {
        sent += 1;
        let answer: Answer;
        try {
          const reply = await call<{ ticket?: { id: string }; code?: string }>('/api/tickets', {
            method: 'POST',
            token: resident,
            body: body(sent),
          });
          answer = { status: reply.status, id: reply.body?.ticket?.id, code: reply.body?.code };
        } catch {
          answer = { status: 0 };
        }
        answers.push(answer);
        if (answer.status !== 201) return;
      }
    };
    const lanes = Array.from({ length: 6 }, () => lane());
    // Ask it to stop once it is busy, with reports on their way in every lane.
    const waitFrom = Date.now();
    while (!answers.some((answer) => answer.status === 201)) {
      if (answers.length >= 6 || Date.now() - waitFrom > 30_000)
        throw new Error(`no report was taken: ${JSON.stringify(answers)}\n${server.output().slice(-4000)}`);
      await new Promise((wait) => setTimeout(wait, 5));
    }
    server.child.kill('SIGTERM');
    await Promise.all(lanes);
    // Nest closes the app, then ends the process with the signal it got: a clean stop either way.
    const stopped = await Promise.race([
      server.exited,
      new Promise((done) => setTimeout(() => done('still running 30 s after SIGTERM'), 30_000)),
    ]);
    expect([0, 'SIGTERM']).toContain(stopped);
    // Accepted requests are answered in full; the rest are refused cleanly — Fastify's 503 while
    // closing, or no connection at all — and none was cut off after doing part of its work.
    expect(answers.filter((answer) => ![201, 503, 0].includes(answer.status))).toEqual([]);
    // A 503 of ours would carry a code (SERVICE_UNAVAILABLE: the database went away under it).
    expect(answers.filter((answer) => answer.status === 503 && answer.code !== undefined)).toEqual([]);
    const done = answers.filter((answer) => answer.status === 201);
    expect(done.length).toBeGreaterThan(0);

    server = await startServerProcess(env, await freePort());
    const again = await token('sunny.admin');
    for (const answer of done)
      expect((await call(`/api/tickets/${answer.id}`, { token: again })).status).toBe(200);
    // Exactly the answered reports were written: none of the refused ones.
    expect(await reported(again)).toBe(before + done.length);
  });
});
