import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toErrorResponse } from './error-response';

/** Shared by Nest's filter and Fastify's own handlers (body parsing, unknown routes). */
export function sendError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { status, body, unexpected } = toErrorResponse(exception, String(request.id));
  if (unexpected) {
    logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
  }
  const retryAfter = body.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}
