import { sessionStore } from '../stores/session';
import { ApiError } from './api-error';
import { request } from './http';
import type { PlatformAppKind } from '@smart-repair/shared';
import type {
  DemoAccounts,
  LoginResult,
  PhoneBinding,
  PlatformIdentity,
  PlatformLoginResult,
  SessionUser,
} from './types';

export async function login(account: string, password: string): Promise<SessionUser> {
  const result = await request<LoginResult>('POST', '/auth/login', {
    body: { account, password },
    anonymous: true,
  });
  sessionStore.start(result, result.user);
  return result.user;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout', { body: {} });
  } finally {
    sessionStore.clear();
  }
}

export async function refreshMe(): Promise<SessionUser> {
  const user = await request<SessionUser>('GET', '/auth/me');
  sessionStore.update({ user });
  return user;
}

/** The demo accounts the login page offers, when the server runs with demo data. */
export function demoAccounts(): Promise<DemoAccounts> {
  return request<DemoAccounts>('GET', '/web/demo-accounts', { anonymous: true });
}

/** A code from the host app, with the app it came from. */
export interface PlatformCode {
  kind: PlatformAppKind;
  appId: string;
  code: string;
}

/**
 * Signs in with the host app's code. A known person is signed in (the session is stored); a new
 * resident without a community gets the communities to choose from. Staff whose platform account
 * is not linked yet are refused with PLATFORM_ACCOUNT_NOT_LINKED.
 */
export async function platformLogin(code: PlatformCode, communityId?: string): Promise<PlatformLoginResult> {
  const result = await request<PlatformLoginResult>('POST', '/auth/platform-login', {
    body: communityId ? { ...code, communityId } : code,
    anonymous: true,
  });
  if (result.outcome === 'signed_in') sessionStore.start(result.session, result.session.user);
  return result;
}

/**
 * The official account's authorisation address for the H5 page inside WeChat (silent OAuth):
 * WeChat sends the person back to `redirectUri`, an address on this server, with ?code=&state=.
 */
export async function wechatOauthUrl(appId: string, redirectUri: string, state: string): Promise<string> {
  const result = await request<{ url: string }>('GET', '/auth/wechat-oauth-url', {
    query: { appId, redirectUri, state },
    anonymous: true,
  });
  return result.url;
}

/** A new resident joins the community they chose and is signed in. */
export async function platformEnrol(
  enrolment: string,
  communityId: string,
  name?: string,
): Promise<SessionUser> {
  const result = await request<PlatformLoginResult>('POST', '/auth/platform-enrol', {
    body: name ? { enrolment, communityId, name } : { enrolment, communityId },
    anonymous: true,
  });
  if (result.outcome !== 'signed_in') throw new ApiError('UNEXPECTED_RESPONSE', 200, 'not signed in');
  sessionStore.start(result.session, result.session.user);
  return result.session.user;
}

/** Links the signed-in person's account on the host app (a fresh code from it). */
export function linkPlatformIdentity(code: PlatformCode): Promise<PlatformIdentity> {
  return request<PlatformIdentity>('POST', '/auth/platform-identities', { body: code });
}

export function platformIdentities(): Promise<PlatformIdentity[]> {
  return request<PlatformIdentity[]>('GET', '/auth/platform-identities');
}

/**
 * Binds the WeChat-verified phone number (the getPhoneNumber button's code). With `replace`, a
 * number already on file is looked up again (each lookup is billed and counted by the server).
 */
export async function bindPhone(code: string, replace = false): Promise<PhoneBinding> {
  const binding = await request<PhoneBinding>('POST', '/auth/phone', {
    body: replace ? { code, replace } : { code },
  });
  const session = sessionStore.get();
  if (session !== null) sessionStore.update({ user: { ...session.user, phone: binding.phone } });
  return binding;
}

/** Whether the server runs in demo mode (a failure answers false). */
export function demoMode(): Promise<boolean> {
  return demoAccounts()
    .then((accounts) => accounts.enabled)
    .catch(() => false);
}
