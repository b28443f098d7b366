import type { AuthorisationAnswer, PlatformLogin, RedirectAuthorisation } from './types';

/** Whether the page runs in WeChat's own browser (WeCom's carries MicroMessenger too, and wxwork). */
export function isWeChatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent) && !/wxwork/i.test(userAgent);
}

/**
 * The official account the H5 page signs in with: only inside WeChat, and only when the build
 * names one (WECHAT_OA_APP_ID, from TARO_APP_WECHAT_OA_APPID); null otherwise.
 */
export function officialAccountLogin(userAgent: string, appId: string): PlatformLogin | null {
  return appId !== '' && isWeChatBrowser(userAgent) ? { kind: 'wechat_official', appId } : null;
}

const STATE_KEY = 'smart-repair.wechat-oauth-state';
const ANSWER_KEYS = ['code', 'state'] as const;

/**
 * Splits an address into what WeChat's answer may be in: the query before the hash (where WeChat
 * puts it when the address has a hash route) and the hash route's own query.
 */
function parts(href: string) {
  const url = new URL(href);
  const hash = url.hash;
  const mark = hash.indexOf('?');
  const route = mark === -1 ? hash : hash.slice(0, mark);
  const routeQuery = new URLSearchParams(mark === -1 ? '' : hash.slice(mark + 1));
  return { url, route, routeQuery };
}

/** The answer in an address, and the address without it. */
export function readAnswer(href: string): { answer: AuthorisationAnswer | null; rest: string } {
  const { url, route, routeQuery } = parts(href);
  const found = ANSWER_KEYS.some((key) => url.searchParams.has(key) || routeQuery.has(key));
  const answer = found
    ? {
        code: url.searchParams.get('code') ?? routeQuery.get('code'),
        state: url.searchParams.get('state') ?? routeQuery.get('state'),
      }
    : null;
  for (const key of ANSWER_KEYS) {
    url.searchParams.delete(key);
    routeQuery.delete(key);
  }
  const query = routeQuery.toString();
  url.hash = query ? `${route}?${query}` : route;
  return { answer, rest: url.toString() };
}

function randomState(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A browser may refuse storage (a private window): the sign-in then ends in a state mismatch. */
function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The official account's authorisation round trip in this browser tab. */
export const browserAuthorisation: RedirectAuthorisation = {
  returnAddress: () => readAnswer(window.location.href).rest,
  newState() {
    const state = randomState();
    try {
      storage()?.setItem(STATE_KEY, state);
    } catch {
      // Full or refused: see storage().
    }
    return state;
  },
  takeState() {
    const store = storage();
    const state = store?.getItem(STATE_KEY) ?? null;
    store?.removeItem(STATE_KEY);
    return state;
  },
  takeAnswer() {
    const { answer, rest } = readAnswer(window.location.href);
    // A code is single use: a reload or a retry must not offer it again.
    if (answer !== null) window.history.replaceState(window.history.state, '', rest);
    return answer;
  },
  open: (url) => window.location.replace(url),
};
