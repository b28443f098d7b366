import Taro from '@tarojs/taro';
import { sessionStore } from '../stores/session';
import { ApiError, errorFromResponse, toApiError } from './api-error';
import type { TokenPair } from './types';

/** Where the API lives: the page's own server on H5, a configured address in the mini-programs. */
export const API_BASE = process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? '');

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RawResponse {
  statusCode: number;
  data: unknown;
}

/** How a request leaves the app; a test passes its own. */
export type Transport = (request: {
  method: Method;
  url: string;
  data?: unknown;
  header: Record<string, string>;
}) => Promise<RawResponse>;

const taroTransport: Transport = async ({ method, url, data, header }) => {
  const response = await Taro.request({ method, url, data, header, dataType: 'json' });
  return { statusCode: response.statusCode, data: response.data };
};

let transport: Transport = taroTransport;
let onSessionEnded: () => void = () => undefined;

/** Replace how requests are sent (tests) and what happens when the session cannot be renewed. */
export function configureHttp(options: { transport?: Transport; onSessionEnded?: () => void }): void {
  if (options.transport) transport = options.transport;
  if (options.onSessionEnded) onSessionEnded = options.onSessionEnded;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | readonly string[]>;
  /** Send without the access token (login, refresh, public routes). */
  anonymous?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const pairs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== '')
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value))}`,
    );
  return `${API_BASE}/api${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  token: string | null,
): Promise<RawResponse> {
  const header: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) header['content-type'] = 'application/json';
  if (token !== null) header.authorization = `Bearer ${token}`;
  try {
    return await transport({ method, url: buildUrl(path, options.query), data: options.body, header });
  } catch (error) {
    throw toApiError(error);
  }
}

let refreshing: Promise<string | null> | null = null;

/**
 * One refresh at a time, however many requests found the token expired: refresh tokens are single
 * use, so a second refresh with the same one would end the session. Null when it cannot be renewed.
 */
function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    const refreshToken = sessionStore.get()?.refreshToken;
    if (!refreshToken) return null;
    const response = await send('POST', '/auth/refresh', { body: { refreshToken } }, null);
    if (response.statusCode >= 400) {
      // The network being down is no reason to end the session; a refused token is.
      if (response.statusCode === 401) sessionStore.clear();
      return null;
    }
    const tokens = response.data as TokenPair;
    sessionStore.renew(tokens);
    return tokens.accessToken;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Sends with the current access token; an expired one is renewed once and the request sent again.
 * A session that cannot be renewed ends (the app shows the login page).
 */
export async function sendAuthorized(
  sendWith: (token: string | null) => Promise<RawResponse>,
  anonymous = false,
): Promise<RawResponse> {
  const token = anonymous ? null : (sessionStore.get()?.accessToken ?? null);
  let response = await sendWith(token);
  if (response.statusCode === 401 && token !== null) {
    if (errorFromResponse(response.statusCode, response.data).code === 'TOKEN_EXPIRED') {
      const renewed = await refreshAccessToken();
      if (renewed !== null) response = await sendWith(renewed);
    }
    if (response.statusCode === 401) {
      sessionStore.clear();
      onSessionEnded();
    }
  }
  return response;
}

/** Calls the API and resolves with the answer's body, or rejects with an ApiError: never resolves on failure. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendAuthorized((token) => send(method, path, options, token), options.anonymous);
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T;
  throw errorFromResponse(response.statusCode, response.data);
}

/** The current access token, for downloads the platform makes itself. */
export function accessToken(): string | null {
  return sessionStore.get()?.accessToken ?? null;
}

export { ApiError };
