import type { TestApp } from './test-app';
import type { Role } from '@smart-repair/shared';
import { TEST_PASSWORD, type TestCommunity } from '../factories/tenant.factory';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Logs in through the real route and returns the token pair (fails the test on any other answer). */
export async function login(testApp: TestApp, account: string, password = TEST_PASSWORD): Promise<Tokens> {
  const response = await testApp.http().post('/api/auth/login').send({ account, password });
  if (response.status !== 200) {
    throw new Error(`login of ${account} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as Tokens;
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** Access tokens of the people holding these roles in a test community. */
export async function loginRoles<R extends Role>(
  testApp: TestApp,
  community: TestCommunity,
  roles: readonly R[],
): Promise<Record<R, string>> {
  const tokens = {} as Record<R, string>;
  for (const role of roles) tokens[role] = (await login(testApp, community.users[role].username)).accessToken;
  return tokens;
}
