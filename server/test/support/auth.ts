import type { TestApp } from './test-app';
import { TEST_PASSWORD } from '../factories/tenant.factory';

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
