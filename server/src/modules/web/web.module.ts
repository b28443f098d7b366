import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { DemoAccountsService } from './demo-accounts.service';
import { WebController } from './web.controller';
import { CACHE_REVALIDATE, compressedWebFile, lookUpWebFile, NOT_BUILT_PAGE, openWebFile } from './web-files';

/**
 * Serves the H5 build at `/` beside the API: hashed assets cached for a year, index.html
 * revalidated every time, any other path without an extension answered by the app (its router
 * decides), and /api/* left to the API's own 404.
 */
@Module({ controllers: [WebController], providers: [DemoAccountsService] })
export class WebModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const root = this.config.webDir;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get('/*', (request, reply) => serve(root, request, reply));
  }
}

async function serve(root: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const path = request.url.split('?')[0]!;
  if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
  const found = await lookUpWebFile(root, path);
  void reply.header('x-content-type-options', 'nosniff');
  if (found.kind === 'not-built') {
    return reply
      .code(503)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(NOT_BUILT_PAGE);
  }
  if (found.kind === 'missing') {
    return reply
      .code(404)
      .header('cache-control', CACHE_REVALIDATE)
      .type('text/plain; charset=utf-8')
      .send('Not found');
  }
  const { file } = found;
  void reply
    .header('cache-control', file.cacheControl)
    .header('etag', file.etag)
    .header('last-modified', file.stats.mtime.toUTCString())
    .type(file.contentType);
  void reply.header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const packed = await compressedWebFile(file, request.headers['accept-encoding']);
  if (packed !== null) {
    void reply.header('content-encoding', packed.encoding).header('content-length', packed.body.length);
    return request.method === 'HEAD' ? reply.send() : reply.send(packed.body);
  }
  void reply.header('content-length', file.stats.size);
  if (request.method === 'HEAD') return reply.send();
  return reply.send(openWebFile(file));
}
