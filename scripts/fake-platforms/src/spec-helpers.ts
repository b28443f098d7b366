import { startFakePlatforms } from './fake-platforms';
import type { FakePlatforms, FakePlatformsOptions } from './types';

export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
}

async function toReply(response: Response): Promise<JsonReply> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function getJson(url: string): Promise<JsonReply> {
  return toReply(await fetch(url));
}

export async function postJson(url: string, body: unknown): Promise<JsonReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return toReply(response);
}

export async function postForm(url: string, form: Record<string, string>): Promise<JsonReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return toReply(response);
}

export function query(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString()}`;
}

/** A fake on a free port with a clock the test moves by hand. */
export async function startWithClock(
  options: Omit<FakePlatformsOptions, 'now'> = {},
): Promise<{ fake: FakePlatforms; advance: (ms: number) => void }> {
  let now = Date.UTC(2025, 0, 1, 4, 0, 0);
  const fake = await startFakePlatforms({ ...options, now: () => now });
  return {
    fake,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export const MINUTE = 60_000;
