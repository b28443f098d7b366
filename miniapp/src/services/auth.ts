import { sessionStore } from '../stores/session';
import { request } from './http';
import type { DemoAccounts, LoginResult, SessionUser } from './types';

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
