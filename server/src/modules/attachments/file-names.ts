import { UPLOAD_LIMITS } from '@smart-repair/shared';

/**
 * C0/C1 controls, soft hyphen, zero-width and bidirectional formatting characters: none has a
 * place in a shown name, and U+202E can make "gpj.exe" read as "exe.jpg".
 */
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0xfeff, 0xfeff],
];

function isVisible(char: string): boolean {
  const code = char.codePointAt(0)!;
  return !INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}

/** Characters Windows refuses in file names; a saved download must not trip on them. */
const RESERVED = /[<>:"|?*]/g;

/**
 * The name shown for an uploaded file: the client's name reduced to its last path segment, without
 * invisible or reserved characters, cut to a sane length, and always ending in the extension of
 * the type sniffed from the bytes (a PNG sent as "x.exe" is shown as "x.png"). Only ever displayed:
 * where the file is stored never depends on it. Falls back to `<fallbackStem>.<ext>`.
 */
export function displayFileName(clientName: string | undefined, ext: string, fallbackStem: string): string {
  const lastSegment = (clientName ?? '').split(/[\\/]/).pop() ?? '';
  let stem = Array.from(lastSegment.normalize('NFC'))
    .filter(isVisible)
    .join('')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const dot = stem.lastIndexOf('.');
  if (dot > 0) stem = stem.slice(0, dot);
  const room = UPLOAD_LIMITS.fileNameMaxLength - ext.length - 1;
  // Cut by code points so a character outside the BMP is never split in half.
  stem = Array.from(stem)
    .slice(0, room)
    .join('')
    .replace(/[\s.]+$/, '');
  return `${stem === '' ? fallbackStem : stem}.${ext}`;
}

/**
 * `Content-Disposition: inline` with the name twice (RFC 6266): an ASCII-only `filename` for old
 * clients, and the exact name UTF-8 percent-encoded in `filename*` (RFC 5987).
 */
export function inlineContentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
