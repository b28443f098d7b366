import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  MIN_COMPRESS_BYTES,
  acceptedEncoding,
  compress,
  type ContentEncoding,
} from '../../common/http/compression';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** A hashed build file (js/app.0c34de16.js) never changes under its name: cache it for a year. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
export const CACHE_FOREVER = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is checked with the server on every use. */
export const CACHE_REVALIDATE = 'no-cache';

export interface WebFile {
  path: string;
  stats: Stats;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export type WebLookup =
  | { kind: 'file'; file: WebFile }
  /** A missing file with an extension: a real 404, never the app's page in its place. */
  | { kind: 'missing' }
  /** The build is not there at all. */
  | { kind: 'not-built' };

async function fileAt(path: string): Promise<WebFile | null> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) return null;
    const extension = extname(path).toLowerCase();
    return {
      path,
      stats,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      cacheControl: HASHED_NAME.test(path) ? CACHE_FOREVER : CACHE_REVALIDATE,
      etag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
    };
  } catch {
    return null;
  }
}

/**
 * Finds what a browser path maps to in the built H5 app: the file itself, or index.html for any
 * path without an extension (the single-page app answers it). Never leaves the root folder.
 */
export async function lookUpWebFile(root: string, urlPath: string): Promise<WebLookup> {
  const index = await fileAt(join(root, 'index.html'));
  if (index === null) return { kind: 'not-built' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'missing' };
  }
  if (decoded.includes('\0')) return { kind: 'missing' };
  const base = resolve(root);
  const target = resolve(base, normalize(`.${sep}${decoded}`));
  if (target !== base && !target.startsWith(base + sep)) return { kind: 'missing' };
  if (target !== base) {
    const file = await fileAt(target);
    if (file !== null) return { kind: 'file', file };
    if (extname(target) !== '') return { kind: 'missing' };
  }
  return { kind: 'file', file: index };
}

export function openWebFile(file: WebFile) {
  return createReadStream(file.path);
}

/** Text worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg)/;
/** Compressed once per file version and encoding: the build is a few MB and never changes under a name. */
const compressed = new Map<string, Promise<Buffer>>();

/**
 * The file compressed for a client that accepts it (brotli before gzip), or null to send it as it
 * is. Phones on slow networks load the app several times faster this way.
 */
export async function compressedWebFile(
  file: WebFile,
  acceptEncoding: string | undefined,
): Promise<{ encoding: ContentEncoding; body: Buffer } | null> {
  if (!COMPRESSIBLE.test(file.contentType) || file.stats.size < MIN_COMPRESS_BYTES) return null;
  const encoding = acceptedEncoding(acceptEncoding);
  if (encoding === null) return null;
  const key = `${file.path}|${file.etag}|${encoding}`;
  let body = compressed.get(key);
  if (body === undefined) {
    body = readFile(file.path).then((raw) => compress(raw, encoding, 'once'));
    body.catch(() => compressed.delete(key));
    compressed.set(key, body);
  }
  return { encoding, body: await body };
}

/** The page `/` answers until the H5 app has been built. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>智能报修 · 网页端尚未构建</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>网页端尚未构建</h1>
<p>The API is running, but the H5 app has not been built yet. Build it once, then reload this page:</p>
<pre>npm run build:h5 -w miniapp</pre>
<p>The API itself answers under <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;
