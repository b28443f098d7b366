import type { ErrorCode } from '@smart-repair/shared';

/** The one exception type of the API: a stable code, a message for people, optional details. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}
