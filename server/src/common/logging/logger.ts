import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { currentRequestId } from './request-context';

/** Adds the id of the request being served, if any, to a log line. */
export function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { requestId };
}

/** JSON lines on stdout; every line written while serving a request carries its requestId. */
export function createLogger(level: AppConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'smart-repair-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: requestIdMixin,
    redact: {
      paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}

/** Lets Nest's own messages (module start-up, route mapping) go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
