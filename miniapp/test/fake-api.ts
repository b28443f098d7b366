import { configureHttp, type Method, type RawResponse } from '../src/services/http';
import { sessionStore } from '../src/stores/session';
import type { SessionUser } from '../src/services/types';

export interface Call {
  method: Method;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

type Handler = (call: Call) => RawResponse | Promise<RawResponse>;

/**
 * The API as the app's transport sees it, answering from a table of "METHOD /path" handlers
 * (query strings ignored when matching) and recording every call. Unknown routes answer 404 ROUTE_NOT_FOUND.
 */
export function fakeApi(routes: Record<string, Handler | object>) {
  const calls: Call[] = [];
  const ended = jest.fn();
  configureHttp({
    onSessionEnded: ended,
    transport: async ({ method, url, data, header }) => {
      const [path, search] = url.replace(/^\/api/, '').split('?') as [string, string | undefined];
      const query = Object.fromEntries(new URLSearchParams(search ?? ''));
      const call: Call = { method, path, query, body: data, authorization: header.authorization };
      calls.push(call);
      const route = routes[`${method} ${path}`];
      if (route === undefined)
        return { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: path, requestId: 'r' } };
      return typeof route === 'function' ? (route as Handler)(call) : { statusCode: 200, data: route };
    },
  });
  return { calls, ended };
}

export const ok = (data: unknown, statusCode = 200): RawResponse => ({ statusCode, data });
export const fail = (statusCode: number, code: string): RawResponse => ({
  statusCode,
  data: { code, message: code, requestId: 'request-1' },
});

export function userWith(roles: SessionUser['roles']): SessionUser {
  return {
    id: 'user-1',
    name: '孙女士',
    username: 'sunny.resident1',
    phone: '13800001051',
    organizationId: 'org-1',
    organizationName: '示范物业',
    roles,
    permissions: {},
  };
}

export const RESIDENT = userWith([
  { role: 'resident', communityId: 'community-1', communityName: '阳光花园' },
]);

/** Logs someone in without the API. */
export function signIn(user: SessionUser = RESIDENT, accessToken = 'access-1'): void {
  sessionStore.start(
    { accessToken, refreshToken: 'refresh-1', accessTokenExpiresIn: 900, refreshTokenExpiresAt: '' },
    user,
  );
}
