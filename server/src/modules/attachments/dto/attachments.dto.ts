import { ApiProperty } from '@nestjs/swagger';
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_PURPOSES,
  UPLOAD_LIMITS,
  UPLOAD_MIME_TYPES,
  type AttachmentKind,
  type AttachmentPurpose,
} from '@smart-repair/shared';

export class AttachmentView {
  @ApiProperty({ example: '0193f1d2-3333-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ enum: ATTACHMENT_KINDS, example: 'image' }) kind!: AttachmentKind;
  @ApiProperty({ example: 'image/jpeg', description: 'Told from the file’s bytes' }) mime!: string;
  @ApiProperty({ example: 482113, description: 'Bytes' }) size!: number;
  @ApiProperty({ example: '漏水照片.jpg' }) fileName!: string;
  @ApiProperty({
    enum: ATTACHMENT_PURPOSES,
    nullable: true,
    example: null,
    description: 'Set when a ticket claims it',
  })
  purpose!: AttachmentPurpose | null;
  @ApiProperty({ example: '2026-05-01T08:30:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '/api/attachments/0193f1d2-3333-7b4e-9a55-3c2d1e0f9a8b', description: 'Download' })
  url!: string;
}

const MEBIBYTE = 1024 * 1024;

/** The multipart body of an upload, for the OpenAPI document (multipart is read by hand, not by a DTO). */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['communityId', 'file'],
  properties: {
    communityId: {
      type: 'string',
      format: 'uuid',
      description: 'The community the file is for. Must come before the file part.',
      example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b',
    },
    file: {
      type: 'string',
      format: 'binary',
      description:
        `One file: ${Object.values(UPLOAD_MIME_TYPES).flat().join(', ')} — told from its bytes. ` +
        `At most ${UPLOAD_LIMITS.maxBytes.image / MEBIBYTE} MiB for an image ` +
        `(${UPLOAD_LIMITS.imageMaxPixels / 1_000_000} megapixels, ${UPLOAD_LIMITS.imageMaxSide} px a side), ` +
        `${UPLOAD_LIMITS.maxBytes.audio / MEBIBYTE} MiB for audio, ${UPLOAD_LIMITS.maxBytes.video / MEBIBYTE} MiB for video.`,
      example: '(binary: the photo’s bytes, e.g. a JPEG)',
    },
  },
};
