import type { TestCommunity } from '../factories/tenant.factory';
import { bearer } from './auth';
import type { TestApp } from './test-app';

/** Reports a fault through the real route as the given token's owner; fails the test otherwise. */
export async function reportTicket(
  t: TestApp,
  token: string,
  community: TestCommunity,
  extra: Record<string, unknown> = {},
  room = 0,
): Promise<{
  id: string;
  number: string;
  status: string;
  assignee: { id: string } | null;
  [key: string]: unknown;
}> {
  const response = await t
    .http()
    .post('/api/tickets')
    .set(bearer(token))
    .send({
      communityId: community.id,
      locationId: community.rooms[room],
      categoryId: community.categoryId,
      description: '水龙头漏水',
      ...extra,
    });
  if (response.status !== 201)
    throw new Error(`report answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.ticket;
}

/** Takes a lifecycle action through its route and returns the response. */
export function act(
  t: TestApp,
  token: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
) {
  return t.http().post(`/api/tickets/${id}/${action}`).set(bearer(token)).send(body);
}
