import type { IncomingMessage } from 'node:http';

/** A parsed request as a route handler sees it; `path` is the part after the platform prefix. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is not valid JSON. */
  json: unknown;
  /** The body parsed as `application/x-www-form-urlencoded` (empty for other content types). */
  form: URLSearchParams;
}

export interface FakeReply {
  status: number;
  body: Record<string, unknown>;
  contentType?: string;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** HTTP 200 with a JSON body: the errcode-style platforms carry failures in the body. */
export function ok(body: Record<string, unknown>, contentType?: string): FakeReply {
  return { status: 200, body, contentType };
}

export function stringField(body: unknown, name: string): string | undefined {
  if (!isRecord(body)) return undefined;
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
