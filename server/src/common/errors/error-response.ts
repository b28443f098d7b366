import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorBody, ErrorCode } from '@smart-repair/shared';
import { DomainException } from './domain.exception';
import { ERROR_STATUS } from './error-status';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** True when the cause is ours (a bug or an outage), so it must be logged with its stack. */
  unexpected: boolean;
}

/** Fastify's own errors (body parsing, content type) carry a statusCode and an FST_ code. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'MALFORMED_BODY',
  401: 'AUTH_REQUIRED',
  403: 'PERMISSION_DENIED',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

const PUBLIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  MALFORMED_BODY: 'The request body could not be read as JSON',
  ROUTE_NOT_FOUND: 'No such route',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json',
  INTERNAL_ERROR: 'Something went wrong on our side; the request id identifies it',
};

/** Turns anything thrown while serving a request into the API's one error body. */
export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  if (exception instanceof DomainException) {
    const body: ErrorBody = { code: exception.code, message: exception.message, requestId };
    if (exception.details !== undefined) body.details = exception.details;
    return { status: ERROR_STATUS[exception.code], body, unexpected: false };
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : (exception as FrameworkError | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = STATUS_CODES[status] ?? 'MALFORMED_BODY';
    const message = PUBLIC_MESSAGES[code] ?? (exception as FrameworkError).message ?? code;
    return { status: ERROR_STATUS[code] ?? status, body: { code, message, requestId }, unexpected: false };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: 'INTERNAL_ERROR', message: PUBLIC_MESSAGES.INTERNAL_ERROR!, requestId },
    unexpected: true,
  };
}
