import type { Multipart } from '@fastify/multipart';
import { UPLOAD_LIMITS } from '@smart-repair/shared';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DomainException } from '../../common/errors/domain.exception';

/** The file's bytes as they arrive; `truncated` is set when the parser cut the file off. */
export type UploadContent = AsyncIterable<Buffer> & { truncated?: boolean };

export interface UploadForm {
  communityId: string;
  /** The client's name for the file: for display only, never for storage. */
  fileName: string;
  /** Not read yet, so the community can be checked before a byte of the file is taken. */
  content: UploadContent;
  /** Once the file is read: reads the rest of the body, refusing anything after the file. */
  finish: () => Promise<void>;
}

/** The largest file of any kind. */
export const LARGEST_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_LIMITS.maxBytes));

/** Room for the boundaries, part headers and the communityId field around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Parser limits of an upload: one short communityId field and one file. The file limit is one
 * byte over the largest kind's, so the per-kind check (made once the type is known) always fires first.
 */
export const UPLOAD_MULTIPART_LIMITS = {
  fieldNameSize: 64,
  fieldSize: 256,
  fields: 1,
  files: 1,
  parts: 2,
  headerPairs: 16,
  fileSize: LARGEST_UPLOAD_BYTES + 1,
};

const fieldsInvalid = (fields: Record<string, string[]>) =>
  new DomainException('VALIDATION_FAILED', 'Send a communityId field, then one file in the "file" field', {
    fields,
  });

/**
 * Reads an upload's multipart body up to the start of the file (R10). Refuses other body types, a
 * declared length beyond any allowed file, unexpected or repeated parts, and a file before its
 * communityId. The file itself is left for the caller to read, and then to call finish().
 */
export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  if (!request.isMultipart()) {
    throw new DomainException(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data with a communityId field and a file field',
    );
  }
  // A body announced as larger than any allowed file is refused before it is read at all.
  if (Number(request.headers['content-length']) > LARGEST_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) {
    throw new DomainException('FILE_TOO_LARGE', 'The file is larger than any upload may be', {
      maxBytes: LARGEST_UPLOAD_BYTES,
    });
  }
  const parts = request.parts({ limits: UPLOAD_MULTIPART_LIMITS });
  const next = () => parts.next().catch((error: unknown) => Promise.reject(asUploadError(error)));
  let communityId: string | undefined;
  for (let step = await next(); !step.done; step = await next()) {
    const part = step.value;
    if (part.type === 'field') {
      communityId = communityIdOf(part, communityId);
      continue;
    }
    if (part.fieldname !== 'file') throw fieldsInvalid({ [part.fieldname]: ['is not expected'] });
    if (communityId === undefined) throw fieldsInvalid({ communityId: ['must come before the file'] });
    const finish = async () => {
      // A second file or a further field stops the parser at its limits, which surfaces here.
      if (!(await next()).done) throw fieldsInvalid({ form: ['send one file, and nothing after it'] });
    };
    return { communityId, fileName: part.filename, content: part.file, finish };
  }
  throw fieldsInvalid(
    communityId === undefined
      ? { communityId: ['is required'], file: ['is required'] }
      : { file: ['is required'] },
  );
}

function communityIdOf(part: Multipart & { type: 'field' }, seen: string | undefined): string {
  if (part.fieldname !== 'communityId' || seen !== undefined) {
    throw fieldsInvalid({ [part.fieldname]: ['is not expected'] });
  }
  if (typeof part.value !== 'string' || part.valueTruncated || !isUUID(part.value)) {
    throw fieldsInvalid({ communityId: ['must be a UUID'] });
  }
  return part.value;
}

/** The parser's own errors (@fastify/multipart codes) as the API's. */
function asUploadError(error: unknown): DomainException {
  if (error instanceof DomainException) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DomainException('FILE_TOO_LARGE', 'The file is larger than any upload may be', {
        maxBytes: LARGEST_UPLOAD_BYTES,
      });
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return fieldsInvalid({ form: ['only a communityId field and one file may be sent'] });
    default:
      return new DomainException('MALFORMED_BODY', 'The multipart body could not be read');
  }
}
