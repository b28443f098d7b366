import { imageDimensions, SNIFF_HEAD_BYTES, sniff } from './content-sniffer';

const bytes = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string'
        ? Buffer.from(part, 'latin1')
        : Buffer.isBuffer(part)
          ? part
          : Buffer.from(part),
    ),
  );
const u16be = (value: number) => [value >> 8, value & 0xff];
const u16le = (value: number) => [value & 0xff, value >> 8];
const u24le = (value: number) => [value & 0xff, (value >> 8) & 0xff, value >> 16];
const u32be = (value: number) => {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value);
  return buf;
};
const u32le = (value: number) => {
  const buf = Buffer.alloc(4);
  buf.writeUInt32LE(value);
  return buf;
};

/** A box of the ISO base media format: size, type, content. */
const box = (type: string, ...content: (number[] | string | Buffer)[]) => {
  const body = bytes(...content);
  return bytes(u32be(8 + body.length), type, body);
};
const ftyp = (major: string, ...compatible: string[]) => box('ftyp', major, [0, 0, 2, 0], ...compatible);

const jpegSegment = (marker: number, content: number[]) => [
  0xff,
  marker,
  ...u16be(content.length + 2),
  ...content,
];
const jpeg = (width: number, height: number, options: { sof?: number; before?: number[] } = {}) =>
  bytes(
    [0xff, 0xd8],
    jpegSegment(0xe0, [...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    options.before ?? [],
    jpegSegment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    jpegSegment(options.sof ?? 0xc0, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]),
    jpegSegment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    [0x00, 0x00, 0xff, 0xd9],
  );
const png = (width: number, height: number) =>
  bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    u32be(13),
    'IHDR',
    u32be(width),
    u32be(height),
    [8, 6, 0, 0, 0],
    [0, 0, 0, 0],
  );
const gif = (width: number, height: number) => bytes('GIF89a', u16le(width), u16le(height), [0xf0, 0, 0]);
const webp = (chunk: string, data: number[]) =>
  bytes('RIFF', u32le(4 + 8 + data.length), 'WEBP', chunk, u32le(data.length), data);
const heic = (...sizes: [number, number][]) =>
  bytes(
    ftyp('heic', 'mif1', 'heic'),
    box(
      'meta',
      [0, 0, 0, 0],
      box('hdlr', [0, 0, 0, 0, 0, 0, 0, 0], 'pict', new Array<number>(13).fill(0)),
      box('iprp', box('ipco', ...sizes.map(([w, h]) => box('ispe', [0, 0, 0, 0], u32be(w), u32be(h))))),
    ),
  );

describe('sniff', () => {
  it.each([
    ['JPEG', jpeg(8, 8), 'image', 'image/jpeg', 'jpg'],
    ['PNG', png(1, 1), 'image', 'image/png', 'png'],
    ['GIF', gif(1, 1), 'image', 'image/gif', 'gif'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image', 'image/gif', 'gif'],
    ['WebP (lossy)', webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 1, 0, 1, 0]), 'image', 'image/webp', 'webp'],
    ['HEIC', heic([4032, 3024]), 'image', 'image/heic', 'heic'],
    ['HEIF listing heic', ftyp('mif1', 'mif1', 'heic'), 'image', 'image/heic', 'heic'],
    ['MP4 (isom)', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video', 'video/mp4', 'mp4'],
    ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video', 'video/mp4', 'mp4'],
    ['MOV', ftyp('qt  ', 'qt  '), 'video', 'video/quicktime', 'mov'],
    ['3GP', ftyp('3gp4', '3gp4', 'isom'), 'video', 'video/3gpp', '3gp'],
    ['M4A', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio', 'audio/mp4', 'm4a'],
    ['AAC in ADTS', bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'audio', 'audio/aac', 'aac'],
    ['MP3 with ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio', 'audio/mpeg', 'mp3'],
    [
      'MP3 frame',
      bytes([0xff, 0xfb, 0x90, 0x64], new Array<number>(20).fill(0)),
      'audio',
      'audio/mpeg',
      'mp3',
    ],
    ['AMR', bytes('#!AMR\n', [0x3c, 0x48]), 'audio', 'audio/amr', 'amr'],
    ['AMR-WB', bytes('#!AMR-WB\n', [0x44]), 'audio', 'audio/amr-wb', 'awb'],
    ['WAV', bytes('RIFF', u32le(36), 'WAVEfmt ', u32le(16)), 'audio', 'audio/wav', 'wav'],
    ['SILK', bytes('#!SILK_V3', [0x0c, 0x00]), 'audio', 'audio/silk', 'silk'],
    ['SILK from WeChat', bytes([0x02], '#!SILK_V3', [0x0c, 0x00]), 'audio', 'audio/silk', 'silk'],
  ])('recognises %s', (_name, head, kind, mime, ext) => {
    expect(sniff(head)).toEqual({ kind, mime, ext });
  });

  it('needs no more than SNIFF_HEAD_BYTES of the file', () => {
    const mp4 = bytes(ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), box('free'), Buffer.alloc(200));
    expect(sniff(mp4.subarray(0, SNIFF_HEAD_BYTES))).toEqual(sniff(mp4));
    expect(sniff(jpeg(8, 8).subarray(0, 3))).toMatchObject({ mime: 'image/jpeg' });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['HTML', bytes('<!DOCTYPE html><html><script>alert(1)</script>')],
    ['HTML with a BOM', bytes([0xef, 0xbb, 0xbf], '<html><body>')],
    ['SVG', bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['bare SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n')],
    ['JavaScript', bytes('alert(document.cookie)')],
    ['ZIP', bytes('PK', [3, 4, 20, 0, 0, 0, 8, 0])],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')],
    [
      'a Windows executable',
      bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode'),
    ],
    ['an ELF executable', bytes([0x7f], 'ELF', [2, 1, 1, 0])],
    [
      'a PNG signature without IHDR',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32be(0), 'IEND'),
    ],
    ['AVI (RIFF but not WAVE or WebP)', bytes('RIFF', u32le(100), 'AVI LIST')],
    ['RIFF WEBP with an unknown chunk', bytes('RIFF', u32le(100), 'WEBPHTML')],
    ['AVIF', ftyp('avif', 'avif', 'mif1', 'miaf')],
    ['HEIF without a HEIC brand', ftyp('mif1', 'mif1', 'avif')],
    ['an unknown ftyp brand', ftyp('xxxx', 'xxxx')],
    ['an ftyp box with an absurd size', bytes(u32be(0x7fffffff), 'ftypisom', [0, 0, 0, 0])],
    ['ID3 with a broken size', bytes('ID3', [4, 0, 0, 0xff, 0xff, 0xff, 0xff])],
    ['a reserved MPEG version', bytes([0xff, 0xeb, 0x90, 0x64])],
    ['a free-format MPEG bitrate', bytes([0xff, 0xfb, 0x00, 0x64])],
    ['GIF cut short', bytes('GIF8')],
  ])('refuses %s', (_name, head) => {
    expect(sniff(head)).toBeNull();
  });
});

describe('imageDimensions', () => {
  it('reads a JPEG’s start of frame, past other segments and fill bytes', () => {
    expect(imageDimensions(jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    const exif = jpegSegment(0xe1, [...Buffer.from('Exif\0\0'), ...new Array<number>(300).fill(7)]);
    expect(imageDimensions(jpeg(4032, 3024, { before: [...exif, 0xff, 0xff] }))).toEqual({
      width: 4032,
      height: 3024,
    });
    expect(imageDimensions(jpeg(20_000, 20_000, { sof: 0xc2 }))).toEqual({ width: 20_000, height: 20_000 });
  });

  it('skips JPEG markers that look like a frame but are not (DHT)', () => {
    const dht = jpegSegment(0xc4, [0, ...new Array<number>(16).fill(0)]);
    expect(imageDimensions(jpeg(10, 20, { before: dht }))).toEqual({ width: 10, height: 20 });
  });

  it('gives up on a JPEG whose data starts before any frame header, or that is cut short', () => {
    expect(
      imageDimensions(bytes([0xff, 0xd8], jpegSegment(0xda, [1, 1, 0, 0, 0x3f, 0]), [0xff, 0xd9])),
    ).toBeNull();
    expect(imageDimensions(jpeg(640, 480).subarray(0, 30))).toBeNull();
    expect(imageDimensions(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00]))).toBeNull();
    expect(imageDimensions(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x41]))).toBeNull();
  });

  it('reads PNG, GIF and every WebP flavour', () => {
    expect(imageDimensions(png(1920, 1080))).toEqual({ width: 1920, height: 1080 });
    expect(imageDimensions(gif(320, 200))).toEqual({ width: 320, height: 200 });
    expect(
      imageDimensions(webp('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(800), ...u16le(600)])),
    ).toEqual({ width: 800, height: 600 });
    // VP8L packs width − 1 and height − 1 in 14 bits each.
    const lossless = u32le((800 - 1) | ((600 - 1) << 14));
    expect(imageDimensions(webp('VP8L', [0x2f, ...lossless]))).toEqual({ width: 800, height: 600 });
    expect(imageDimensions(webp('VP8X', [0x10, 0, 0, 0, ...u24le(16_383), ...u24le(16_383)]))).toEqual({
      width: 16_384,
      height: 16_384,
    });
  });

  it('reads the largest HEIC image size', () => {
    expect(imageDimensions(heic([512, 512], [4032, 3024], [320, 240]))).toEqual({
      width: 4032,
      height: 3024,
    });
    expect(imageDimensions(ftyp('heic', 'mif1', 'heic'))).toBeNull();
  });

  it('answers null for what is not a readable image', () => {
    expect(imageDimensions(ftyp('isom', 'isom'))).toBeNull();
    expect(imageDimensions(bytes('<svg width="99999" height="99999"/>'))).toBeNull();
    expect(imageDimensions(png(1, 1).subarray(0, 20))).toBeNull();
    expect(imageDimensions(webp('VP8 ', [0, 0, 0, 1, 2, 3, 0, 0, 0, 0]))).toBeNull();
    expect(imageDimensions(webp('VP8L', [0x00, 0, 0, 0, 0]))).toBeNull();
  });
});
