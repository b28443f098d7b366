import { UPLOAD_LIMITS } from '@smart-repair/shared';
import { DomainException } from '../../common/errors/domain.exception';
import { imageDimensions, SNIFF_HEAD_BYTES, sniff, type SniffedType } from './content-sniffer';
import { LARGEST_UPLOAD_BYTES, type UploadContent } from './upload-form';

export interface ReceivedFile {
  data: Buffer;
  type: SniffedType;
}

/**
 * Takes an upload's bytes under the limits of R10: the type is told from the first bytes (anything
 * unrecognised is refused at once), reading stops as soon as the file passes its kind's limit, and
 * an image whose declared size would flood a decoder is refused. Never holds more than the limit.
 */
export async function receiveFile(content: UploadContent): Promise<ReceivedFile> {
  const chunks: Buffer[] = [];
  let size = 0;
  let type: SniffedType | undefined;
  let limit = LARGEST_UPLOAD_BYTES;
  try {
    for await (const chunk of content) {
      chunks.push(chunk);
      size += chunk.length;
      if (type === undefined && size >= SNIFF_HEAD_BYTES) {
        type = identify(Buffer.concat(chunks));
        limit = UPLOAD_LIMITS.maxBytes[type.kind];
      }
      if (size > limit) throw tooLarge(type, limit);
    }
  } catch (error) {
    if (error instanceof DomainException) throw error;
    throw new DomainException('MALFORMED_BODY', 'The upload ended before the file was complete');
  }
  if (content.truncated) throw tooLarge(type, limit);
  if (size === 0) {
    throw new DomainException('VALIDATION_FAILED', 'The file is empty', { fields: { file: ['is empty'] } });
  }
  const data = Buffer.concat(chunks, size);
  type ??= identify(data);
  if (size > UPLOAD_LIMITS.maxBytes[type.kind]) throw tooLarge(type, UPLOAD_LIMITS.maxBytes[type.kind]);
  if (type.kind === 'image') checkImageSize(data);
  return { data, type };
}

function identify(head: Buffer): SniffedType {
  const type = sniff(head);
  if (type === null) {
    throw new DomainException('FILE_TYPE_NOT_ALLOWED', 'Only photos, videos and voice notes may be uploaded');
  }
  return type;
}

function tooLarge(type: SniffedType | undefined, maxBytes: number): DomainException {
  return new DomainException('FILE_TOO_LARGE', 'The file is too large', {
    kind: type?.kind ?? null,
    maxBytes,
  });
}

function checkImageSize(data: Buffer): void {
  const size = imageDimensions(data);
  if (size === null || size.width === 0 || size.height === 0) {
    throw new DomainException('FILE_TYPE_NOT_ALLOWED', 'The image’s size could not be read');
  }
  const { imageMaxPixels, imageMaxSide } = UPLOAD_LIMITS;
  if (size.width > imageMaxSide || size.height > imageMaxSide || size.width * size.height > imageMaxPixels) {
    throw new DomainException('IMAGE_TOO_LARGE', 'The image has too many pixels', {
      width: size.width,
      height: size.height,
      maxPixels: imageMaxPixels,
      maxSide: imageMaxSide,
    });
  }
}
