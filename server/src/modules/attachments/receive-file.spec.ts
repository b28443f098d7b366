import { UPLOAD_LIMITS } from '@smart-repair/shared';
import { DomainException } from '../../common/errors/domain.exception';
import { receiveFile } from './receive-file';
import type { UploadContent } from './upload-form';

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');
const AMR_HEAD = Buffer.from('#!AMR\n', 'latin1');

/** A stream of chunks that never ends on its own, counting how many were taken. */
function endless(head: Buffer, chunkSize = 64 * 1024): UploadContent & { taken: () => number } {
  let taken = 0;
  return {
    taken: () => taken,
    async *[Symbol.asyncIterator]() {
      taken += 1;
      yield head;
      for (;;) {
        taken += 1;
        yield Buffer.alloc(chunkSize);
      }
    },
  };
}

function chunks(...parts: Buffer[]): UploadContent {
  return {
    async *[Symbol.asyncIterator]() {
      yield* parts;
    },
  };
}

async function refusal(content: UploadContent): Promise<DomainException> {
  const error = await receiveFile(content).catch((caught: unknown) => caught);
  if (!(error instanceof DomainException)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('receiveFile', () => {
  it('stops reading an endless image just past its limit', async () => {
    const content = endless(PNG_HEAD);
    const error = await refusal(content);
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.details).toEqual({ kind: 'image', maxBytes: UPLOAD_LIMITS.maxBytes.image });
    expect(content.taken()).toBe(Math.ceil(UPLOAD_LIMITS.maxBytes.image / (64 * 1024)) + 1);
  });

  it('applies each kind’s own limit', async () => {
    expect((await refusal(endless(AMR_HEAD))).details).toEqual({
      kind: 'audio',
      maxBytes: UPLOAD_LIMITS.maxBytes.audio,
    });
  });

  it('refuses an unknown type after the first bytes, without reading on', async () => {
    const content = endless(Buffer.from('<html><script>alert(1)</script></html>'.padEnd(100, ' ')));
    expect((await refusal(content)).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(content.taken()).toBe(1);
  });

  it('sniffs a type whose head arrives in pieces, and a file shorter than the sniffing window', async () => {
    const png = Buffer.concat([PNG_HEAD, Buffer.alloc(40)]);
    const received = await receiveFile(chunks(png.subarray(0, 3), png.subarray(3, 20), png.subarray(20)));
    expect(received.type.mime).toBe('image/png');
    expect(received.data.equals(png)).toBe(true);
    expect((await receiveFile(chunks(AMR_HEAD))).type.mime).toBe('audio/amr');
  });

  it('treats a file the parser cut off as too large', async () => {
    const content: UploadContent = Object.assign(chunks(AMR_HEAD), { truncated: true });
    expect((await refusal(content)).code).toBe('FILE_TOO_LARGE');
  });

  it('answers a broken stream with MALFORMED_BODY, not a crash', async () => {
    const content: UploadContent = {
      async *[Symbol.asyncIterator]() {
        yield PNG_HEAD;
        throw new Error('Part terminated early');
      },
    };
    expect((await refusal(content)).code).toBe('MALFORMED_BODY');
  });
});
