import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The Fastify instance under Nest's adapter (its own copy of fastify, typed as such). */
type Fastify = ReturnType<ReturnType<NestFastifyApplication['getHttpAdapter']>['getInstance']>;

/** Smaller answers gain less from compression than it costs. */
export const MIN_COMPRESS_BYTES = 1024;

export type ContentEncoding = 'br' | 'gzip';

/** The compression a client takes, brotli before gzip, from its Accept-Encoding; null for none. */
export function acceptedEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  const accepts = (acceptEncoding ?? '').toLowerCase();
  return /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compresses off the event loop. `once` is for what is compressed once and served many times (the
 * app's files: the smallest result, however long it takes); `each` for what is compressed on every
 * answer (a fast setting that still takes most of the size away).
 */
export function compress(
  body: Buffer | string,
  encoding: ContentEncoding,
  effort: 'once' | 'each',
): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: effort === 'once' ? 9 : 6 });
  return brotli(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: effort === 'once' ? 11 : 4,
      [zlib.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
    },
  });
}

/**
 * JSON answers of a KiB or more go out compressed to clients that take it: a community's location
 * tree, a page of tickets or the figures are mostly repeated keys, and phones on a slow network
 * wait for every byte.
 */
export function compressJsonAnswers(fastify: Fastify): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    if (!/^application\/json\b/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    if (Buffer.byteLength(payload) < MIN_COMPRESS_BYTES) return payload;
    void reply.header('vary', 'accept-encoding');
    const encoding = acceptedEncoding(request.headers['accept-encoding']);
    if (encoding === null) return payload;
    const body = await compress(payload, encoding, 'each');
    void reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}
