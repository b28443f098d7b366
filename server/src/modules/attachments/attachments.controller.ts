import { Controller, Delete, Get, Header, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { UPLOAD_MIME_TYPES } from '@smart-repair/shared';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors, ErrorBodyView } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { AttachmentsService } from './attachments.service';
import { AttachmentView, UPLOAD_BODY_SCHEMA } from './dto/attachments.dto';
import { inlineContentDisposition } from './file-names';
import { readUploadForm } from './upload-form';

@ApiTags('attachments')
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @RouteConfig({ multipart: true })
  @RequirePermission('attachment.upload')
  @ApiOperation({
    summary: 'Upload one photo, video or voice note',
    description:
      'multipart/form-data: the communityId field first, then one file in the file field. The type is ' +
      'told from the bytes; the file belongs to the uploader until a ticket claims it.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({ type: AttachmentView })
  @ApiResponse({
    status: 413,
    description: 'FILE_TOO_LARGE: over the limit of its kind',
    type: ErrorBodyView,
  })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not multipart', type: ErrorBodyView })
  @ApiErrors({ notFound: true })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentView> {
    return this.attachments.upload(principal, await readUploadForm(request));
  }

  @Get(':id')
  @Authenticated()
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private')
  @ApiOperation({
    summary: 'Download an attachment',
    description:
      'For its uploader, or anyone who may see the ticket that holds it. Served inline with its sniffed type.',
  })
  @ApiProduces(...Object.values(UPLOAD_MIME_TYPES).flat())
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: true })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<StreamableFile> {
    const file = await this.attachments.open(principal, id);
    return new StreamableFile(file.stream, {
      type: file.mime,
      length: file.size,
      disposition: inlineContentDisposition(file.fileName),
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove your own upload that no ticket holds yet' })
  @ApiErrors({ notFound: true, conflict: true })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<void> {
    return this.attachments.remove(principal, id);
  }
}
