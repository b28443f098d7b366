import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeBaidu } from './baidu.routes';
import { routeDingtalkApi, routeDingtalkOapi } from './dingtalk.routes';
import { type FakeReply, type FakeRequest, parseJson, readBody } from './http.util';
import { FakeState, LIFETIME_MS } from './state';
import type {
  AppRegistration,
  BaseUrls,
  FailureOptions,
  FakePlatforms,
  FakePlatformsOptions,
  LoginIdentity,
  Platform,
  PhoneCodeOptions,
} from './types';
import { routeWechat } from './wechat.routes';
import { routeWecom } from './wecom.routes';

type Router = (req: FakeRequest, state: FakeState, options: FakePlatformsOptions) => FakeReply | undefined;

const PREFIXES: Record<keyof BaseUrls, { prefix: string; route: Router }> = {
  wechat: { prefix: '/wechat', route: routeWechat },
  wecom: { prefix: '/wecom', route: routeWecom },
  dingtalkOapi: { prefix: '/dingtalk-oapi', route: routeDingtalkOapi },
  dingtalkApi: { prefix: '/dingtalk-api', route: routeDingtalkApi },
  baidu: { prefix: '/baidu', route: routeBaidu },
};

interface PendingFailure extends FailureOptions {
  suffix: string;
  remaining: number;
}

/**
 * Starts one HTTP server on 127.0.0.1 that serves every faked platform under its own path prefix
 * (see `baseUrls`). State lives in memory and dies with `close()`.
 */
export async function startFakePlatforms(options: FakePlatformsOptions = {}): Promise<FakePlatforms> {
  const state = new FakeState(options.now ?? Date.now);
  const received: string[] = [];
  const failures: PendingFailure[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const takeFailure = (path: string): PendingFailure | undefined => {
    const failure = failures.find((f) => f.remaining > 0 && path.endsWith(f.suffix));
    if (failure) failure.remaining -= 1;
    return failure;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    received.push(url.pathname);
    const rawBody = await readBody(req);
    const failure = takeFailure(url.pathname);
    if (failure?.delayMs) await sleep(failure.delayMs);
    if (failure && (failure.status !== undefined || failure.errcode !== undefined || !failure.delayMs)) {
      send(res, injectedFailure(url.pathname, failure));
      return;
    }
    const target = Object.values(PREFIXES).find(
      ({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`),
    );
    const contentType = String(req.headers['content-type'] ?? '');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: target ? url.pathname.slice(target.prefix.length) : url.pathname,
      query: url.searchParams,
      rawBody,
      json: parseJson(rawBody),
      form: contentType.includes('application/x-www-form-urlencoded')
        ? new URLSearchParams(rawBody)
        : new URLSearchParams(),
    };
    const reply = target?.route(request, state, options);
    send(res, reply ?? { status: 404, body: { error: 'not found', path: url.pathname } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { error: error instanceof Error ? error.message : String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const baseUrls = Object.fromEntries(
    Object.entries(PREFIXES).map(([name, { prefix }]) => [name, origin + prefix]),
  ) as unknown as BaseUrls;

  return {
    port,
    baseUrls,
    addApp(platform: Platform, app: AppRegistration): void {
      state.addApp(platform, app);
    },
    issueLoginCode(platform: Platform, appId: string, identity: LoginIdentity): string {
      const app = state.requireApp(platform, appId);
      const needsUserid = platform === 'wecom' || platform === 'dingtalk';
      if (needsUserid ? !identity.userid : !identity.openid) {
        throw new Error(`issueLoginCode(${platform}): ${needsUserid ? 'userid' : 'openid'} is required`);
      }
      const lifetime = platform === 'baidu' ? LIFETIME_MS.baiduCode : LIFETIME_MS.code;
      return state.issueCode(platform, 'login', app.id, identity, lifetime);
    },
    issuePhoneCode(appid: string, phone: string, phoneOptions: PhoneCodeOptions = {}): string {
      const app = state.requireApp('wechat', appid);
      const phoneInfo = { number: phone, countryCode: phoneOptions.countryCode ?? '86' };
      return state.issueCode(
        'wechat',
        'phone',
        app.id,
        { openid: phoneOptions.openid },
        LIFETIME_MS.code,
        phoneInfo,
      );
    },
    grantSubscribe(appid: string, openid: string, templateId: string, count = 1): void {
      state.requireApp('wechat', appid);
      state.grantSubscribe(appid, openid, templateId, count);
    },
    expireToken(platform: Platform, token: string | 'all'): number {
      return state.expireToken(platform, token);
    },
    failNext(pathSuffix: string, n: number, failureOptions: FailureOptions = {}): void {
      failures.push({ ...failureOptions, suffix: pathSuffix, remaining: n });
    },
    delivered(platform: Platform) {
      return state.delivered(platform);
    },
    calls(pathSuffix = ''): number {
      return received.filter((path) => path.endsWith(pathSuffix)).length;
    },
    close(): Promise<void> {
      if (!server.listening) return Promise.resolve();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** What a failNext answer looks like: an HTTP error status, or the platform's own error body. */
function injectedFailure(path: string, failure: PendingFailure): FakeReply {
  if (failure.errcode === undefined) {
    const status = failure.status ?? 500;
    return { status, body: { errcode: -1, errmsg: 'system error' } };
  }
  const body = path.startsWith('/baidu/')
    ? { errno: failure.errcode, msg: 'system error' }
    : { errcode: failure.errcode, errmsg: 'system error' };
  return { status: failure.status ?? 200, body };
}

function send(res: ServerResponse, reply: FakeReply): void {
  // A client that timed out has gone; nothing to answer.
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
