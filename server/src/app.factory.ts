import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import type { FakePlatforms } from '@smart-repair/fake-platforms';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LIMITS } from '@smart-repair/shared';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { DomainException } from './common/errors/domain.exception';
import { ErrorFilter } from './common/errors/error.filter';
import { compressJsonAnswers } from './common/http/compression';
import { createValidationPipe } from './common/http/validation.pipe';
import { createLogger, NestPinoLogger } from './common/logging/logger';
import { requestContext, requestIdFrom } from './common/logging/request-context';
import type { AppConfig } from './config/app-config';
import { loadDemoData, type DemoLogin } from './database/demo-data';
import { openDatabase } from './database/prepare-database';
import { startDemoPlatforms } from './platforms/demo-platforms';
import { UPLOAD_MULTIPART_LIMITS } from './modules/attachments/upload-form';

export interface CreatedApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  logger: Logger;
  /** Accounts created by this start's demo data (empty when none were loaded). */
  demoLogins: DemoLogin[];
  /** The fake platforms this process runs in demo mode (FAKE_PLATFORMS), else null. */
  fakePlatforms: FakePlatforms | null;
}

/**
 * Builds the whole API: database (migrated), demo data when configured, Fastify with request ids
 * and JSON logs, the one validation pipe and error filter, and the OpenAPI document.
 * Used by main.ts, the tests and the benchmarks alike.
 */
export async function createApp(
  config: AppConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<CreatedApp> {
  const dataSource = await openDatabase(config.database);
  const demoLogins = config.demoData ? await loadDemoData(dataSource) : [];
  // Demo mode: every platform call of this process goes to fakes running inside it.
  const demoPlatforms = config.platforms.fake ? await startDemoPlatforms(config, dataSource) : null;
  if (demoPlatforms !== null) {
    config = { ...config, platforms: { ...config.platforms, baseUrls: demoPlatforms.baseUrls } };
    logger.info({ baseUrls: demoPlatforms.baseUrls }, 'fake platforms running for the demo');
  }

  const adapter = new FastifyAdapter({
    bodyLimit: LIMITS.jsonBodyMaxBytes,
    trustProxy: config.trustProxy,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      requestIdFrom(request.headers['x-request-id']),
  });
  // rawBody: WeChat Pay notifications are verified on the bytes as received.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, dataSource, demoPlatforms),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      rawBody: true,
    },
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(logger));
  // Multipart bodies are only read by the routes that ask for them (uploads), as bounded streams.
  // The plugin is typed against the top-level fastify, the adapter against its own nested copy.
  await app.register(fastifyMultipart as unknown as Parameters<NestFastifyApplication['register']>[0], {
    limits: UPLOAD_MULTIPART_LIMITS,
  });
  // Only routes marked @RouteConfig({ multipart: true }) take such a body; elsewhere it stays a 415.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request, _reply, done) => {
      const multipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
      const accepted = (request.routeOptions.config as { multipart?: boolean }).multipart === true;
      done(
        multipart && !accepted && !request.is404
          ? new DomainException('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json')
          : undefined,
      );
    });

  const fastify = app.getHttpAdapter().getInstance();
  // Shutdown (R23): closing waits for requests in flight, but a keep-alive connection that goes
  // idle after closing began would hold the process open; such connections are closed as they idle.
  fastify.addHook('preClose', (done) => {
    const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
    sweep.unref();
    fastify.server.once('close', () => clearInterval(sweep));
    done();
  });
  if (demoPlatforms !== null) fastify.addHook('onClose', () => demoPlatforms.close());
  // The API speaks JSON only: any other body type is 415, not a string handed to validation.
  fastify.removeContentTypeParser(['text/plain']);
  compressJsonAnswers(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Everything this request awaits, and every log line it writes, carries its id.
    requestContext.run({ requestId: String(request.id) }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('智能报修 API')
      .setDescription(
        'Repair reporting and maintenance for property companies. Every error answers with ' +
          '{ code, message, details?, requestId }; another tenant’s record is always 404.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  await app.init();
  await fastify.ready();
  return { app, dataSource, logger, demoLogins, fakePlatforms: demoPlatforms?.fake ?? null };
}
