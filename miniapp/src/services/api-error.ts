import { isErrorCode, type ErrorCode } from '@smart-repair/shared';

/** Every error code a request can end with: the API's own, and the app's for what never reached it. */
export type ClientErrorCode =
  | ErrorCode
  | 'NETWORK_ERROR'
  | 'UNEXPECTED_RESPONSE'
  | 'NOT_SUPPORTED'
  | 'CANCELLED'
  /** Back from WeChat's authorisation with a state this tab did not send (or no longer keeps). */
  | 'SIGN_IN_STATE_MISMATCH';

/** The one error every service rejects with. Pages choose their text by `code`. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns an answer with an error status into an ApiError, whatever its body looks like. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && isErrorCode((body as { code?: unknown }).code)) {
    const { code, message, details, requestId } = body as {
      code: ErrorCode;
      message?: string;
      details?: Record<string, unknown>;
      requestId?: string;
    };
    return new ApiError(code, status, message ?? code, details, requestId);
  }
  return new ApiError(status >= 500 ? 'INTERNAL_ERROR' : 'UNEXPECTED_RESPONSE', status, `HTTP ${status}`);
}

/** Any thrown value as an ApiError, so callers need only one kind. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('NETWORK_ERROR', 0, error instanceof Error ? error.message : String(error));
}
