import type { AttachmentKind, UploadMimeType } from '@smart-repair/shared';

/** What a file is, told from its bytes. */
export interface SniffedType {
  kind: AttachmentKind;
  mime: UploadMimeType;
  ext: string;
}

export interface ImageSize {
  width: number;
  height: number;
}

/** How many bytes from the start of a file sniff() needs to recognise every accepted format. */
export const SNIFF_HEAD_BYTES = 64;

/**
 * Recognises the accepted media formats by their magic bytes (R10). The file's name and the
 * client's Content-Type are never consulted: anything not positively recognised is null.
 */
export function sniff(head: Buffer): SniffedType | null {
  return sniffImage(head) ?? sniffIsoMedia(head) ?? sniffAudio(head);
}

function ascii(buf: Buffer, start: number, end: number): string {
  return end <= buf.length ? buf.toString('latin1', start, end) : '';
}

function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => buf[offset + index] === byte);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function sniffImage(buf: Buffer): SniffedType | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', ext: 'jpg' };
  // The first chunk of every PNG is IHDR.
  if (startsWith(buf, PNG_SIGNATURE) && ascii(buf, 12, 16) === 'IHDR') {
    return { kind: 'image', mime: 'image/png', ext: 'png' };
  }
  const gif = ascii(buf, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return { kind: 'image', mime: 'image/gif', ext: 'gif' };
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') {
    return ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(buf, 12, 16))
      ? { kind: 'image', mime: 'image/webp', ext: 'webp' }
      : null;
  }
  return null;
}

/** ISO base media files (MP4, MOV, 3GP, M4A, HEIC) open with an `ftyp` box naming their brands. */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'dash',
  'mmp4',
  'M4V ',
  'M4VH',
  'M4VP',
  'MSNV',
  'F4V ',
]);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'F4A ']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis']);
/** Generic image-file brands; HEIC only when a HEIC brand is also listed (AVIF uses them too). */
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

function sniffIsoMedia(buf: Buffer): SniffedType | null {
  if (ascii(buf, 4, 8) !== 'ftyp') return null;
  const size = buf.readUInt32BE(0);
  if (size < 16 || size % 4 !== 0 || size > 4096) return null;
  const major = ascii(buf, 8, 12);
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= Math.min(size, buf.length); offset += 4) {
    compatible.push(ascii(buf, offset, offset + 4));
  }
  if (HEIC_BRANDS.has(major)) return { kind: 'image', mime: 'image/heic', ext: 'heic' };
  if (HEIF_GENERIC_BRANDS.has(major)) {
    return compatible.some((brand) => HEIC_BRANDS.has(brand))
      ? { kind: 'image', mime: 'image/heic', ext: 'heic' }
      : null;
  }
  if (AUDIO_BRANDS.has(major)) return { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' };
  if (major === 'qt  ') return { kind: 'video', mime: 'video/quicktime', ext: 'mov' };
  if (major.startsWith('3gp') || major.startsWith('3g2')) {
    return { kind: 'video', mime: 'video/3gpp', ext: '3gp' };
  }
  if (MP4_BRANDS.has(major)) return { kind: 'video', mime: 'video/mp4', ext: 'mp4' };
  return null;
}

function sniffAudio(buf: Buffer): SniffedType | null {
  if (ascii(buf, 0, 6) === '#!AMR\n') return { kind: 'audio', mime: 'audio/amr', ext: 'amr' };
  if (ascii(buf, 0, 9) === '#!AMR-WB\n') return { kind: 'audio', mime: 'audio/amr-wb', ext: 'awb' };
  // WeChat voice notes put one 0x02 byte before the SILK header.
  if (ascii(buf, 0, 9) === '#!SILK_V3' || (buf[0] === 0x02 && ascii(buf, 1, 10) === '#!SILK_V3')) {
    return { kind: 'audio', mime: 'audio/silk', ext: 'silk' };
  }
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WAVE') {
    return { kind: 'audio', mime: 'audio/wav', ext: 'wav' };
  }
  if (isId3Header(buf)) return { kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' };
  if (isAdtsHeader(buf)) return { kind: 'audio', mime: 'audio/aac', ext: 'aac' };
  if (isMp3FrameHeader(buf)) return { kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' };
  return null;
}

/** "ID3", a major version 2–4, and a size of four 7-bit bytes. */
function isId3Header(buf: Buffer): boolean {
  if (buf.length < 10 || ascii(buf, 0, 3) !== 'ID3') return false;
  const version = buf[3]!;
  return version >= 2 && version <= 4 && buf[4] !== 0xff && [6, 7, 8, 9].every((i) => buf[i]! < 0x80);
}

/** AAC in ADTS frames: 12 sync bits, layer 00, a known sampling rate and a sane frame length. */
function isAdtsHeader(buf: Buffer): boolean {
  if (buf.length < 7 || buf[0] !== 0xff || (buf[1]! & 0xf6) !== 0xf0) return false;
  const samplingIndex = (buf[2]! >> 2) & 0x0f;
  const frameLength = ((buf[3]! & 0x03) << 11) | (buf[4]! << 3) | (buf[5]! >> 5);
  return samplingIndex < 13 && frameLength >= 7;
}

/** An MPEG audio Layer III frame: 11 sync bits, a valid version, bitrate and sampling rate. */
function isMp3FrameHeader(buf: Buffer): boolean {
  if (buf.length < 4 || buf[0] !== 0xff || (buf[1]! & 0xe0) !== 0xe0) return false;
  const version = (buf[1]! >> 3) & 0x03;
  const layer = (buf[1]! >> 1) & 0x03;
  const bitrate = buf[2]! >> 4;
  const samplingRate = (buf[2]! >> 2) & 0x03;
  return version !== 0x01 && layer === 0x01 && bitrate !== 0 && bitrate !== 0x0f && samplingRate !== 0x03;
}

/**
 * Width and height an image declares in its header (JPEG, PNG, GIF, WebP, HEIC), read without
 * decoding it; null when the header cannot be read. Used to refuse pixel floods before anything
 * downstream tries to decode them.
 */
export function imageDimensions(buf: Buffer): ImageSize | null {
  const type = sniff(buf);
  if (type === null || type.kind !== 'image') return null;
  switch (type.mime) {
    case 'image/jpeg':
      return jpegDimensions(buf);
    case 'image/png':
      return buf.length >= 24 ? { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) } : null;
    case 'image/gif':
      return buf.length >= 10 ? { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) } : null;
    case 'image/webp':
      return webpDimensions(buf);
    case 'image/heic':
      return heicDimensions(buf);
    default:
      return null;
  }
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT, JPG or DAC. */
const JPEG_SOF_MARKERS = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

/** Walks the marker segments up to the first start-of-frame, which holds the size. */
function jpegDimensions(buf: Buffer): ImageSize | null {
  let offset = 2;
  while (offset < buf.length) {
    if (buf[offset] !== 0xff) return null;
    while (offset < buf.length && buf[offset] === 0xff) offset += 1;
    if (offset >= buf.length) return null;
    const marker = buf[offset]!;
    offset += 1;
    // Markers without a length: TEM, RST0–7, and a stray SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    // Image data or the end came before any frame header.
    if (marker === 0xda || marker === 0xd9) return null;
    if (offset + 2 > buf.length) return null;
    const length = buf.readUInt16BE(offset);
    if (length < 2) return null;
    if (JPEG_SOF_MARKERS.has(marker)) {
      if (length < 7 || offset + 7 > buf.length) return null;
      return { height: buf.readUInt16BE(offset + 3), width: buf.readUInt16BE(offset + 5) };
    }
    offset += length;
  }
  return null;
}

function webpDimensions(buf: Buffer): ImageSize | null {
  const chunk = ascii(buf, 12, 16);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (buf.length < 30 || !startsWith(buf, [0x9d, 0x01, 0x2a], 23)) return null;
    return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then width − 1 and height − 1 in 14 bits each.
    if (buf.length < 25 || buf[20] !== 0x2f) return null;
    const bits = buf.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Extended: canvas width − 1 and height − 1 in 24 bits each.
    if (buf.length < 30) return null;
    return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
  }
  return null;
}

interface Box {
  type: string;
  /** Where the box's content starts and where the box ends. */
  start: number;
  end: number;
}

/** The boxes laid one after another in [start, end); stops at the first malformed one. */
function boxes(buf: Buffer, start: number, end: number): Box[] {
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = buf.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      const large = buf.readBigUInt64BE(offset + 8);
      if (large > BigInt(end - offset)) break;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) break;
    found.push({ type: ascii(buf, offset + 4, offset + 8), start: offset + header, end: offset + size });
    offset += size;
  }
  return found;
}

/**
 * HEIC keeps image sizes in `ispe` properties under meta › iprp › ipco. Tiles and thumbnails have
 * their own; the largest width and height are taken, which bounds the primary image from above.
 */
function heicDimensions(buf: Buffer): ImageSize | null {
  const meta = boxes(buf, 0, buf.length).find((box) => box.type === 'meta');
  // meta is a full box: 4 bytes of version and flags before its children.
  const iprp = meta && boxes(buf, meta.start + 4, meta.end).find((box) => box.type === 'iprp');
  const ipco = iprp && boxes(buf, iprp.start, iprp.end).find((box) => box.type === 'ipco');
  if (!ipco) return null;
  const sizes = boxes(buf, ipco.start, ipco.end)
    .filter((box) => box.type === 'ispe' && box.end - box.start >= 12)
    .map((box) => ({ width: buf.readUInt32BE(box.start + 4), height: buf.readUInt32BE(box.start + 8) }));
  if (sizes.length === 0) return null;
  return {
    width: Math.max(...sizes.map((size) => size.width)),
    height: Math.max(...sizes.map((size) => size.height)),
  };
}
