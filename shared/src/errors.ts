/**
 * Every error the API can answer with. The server maps each code to one HTTP status (checked
 * complete by the compiler); the apps pick the text they show by code, never by message.
 */
export const ERROR_CODES = [
  // 400: the request itself is wrong
  'VALIDATION_FAILED',
  'MALFORMED_BODY',
  'ORGANIZATION_REQUIRED',
  'LOCATION_PARENT_INVALID',
  'TRADE_AREA_INVALID',
  'TRADE_MEMBER_INVALID',
  'PASSWORD_TOO_WEAK',
  'FORM_FIELD_REQUIRED',
  'FORM_FIELD_HIDDEN',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'IMAGE_TOO_LARGE',
  'ATTACHMENT_INVALID',
  'ENGINEER_NOT_ELIGIBLE',
  'PLATFORM_CODE_INVALID',
  'ENROLMENT_INVALID',
  'PLATFORM_NOT_SUPPORTED',
  'SURCHARGE_TOO_LARGE',
  'REFUND_TOO_LARGE',
  'PAYMENT_NOTIFICATION_REJECTED',
  // 401: who are you?
  'AUTH_REQUIRED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  // 403: known, but not allowed
  'PERMISSION_DENIED',
  'ROLE_NOT_ASSIGNABLE',
  'REPORTER_BARRED',
  'ACTION_NOT_ALLOWED',
  'PLATFORM_ACCOUNT_NOT_LINKED',
  // 404: absent, or another tenant's (never confirm that it exists)
  'ROUTE_NOT_FOUND',
  'ORGANIZATION_NOT_FOUND',
  'COMMUNITY_NOT_FOUND',
  'LOCATION_NOT_FOUND',
  'USER_NOT_FOUND',
  'TRADE_NOT_FOUND',
  'CATEGORY_NOT_FOUND',
  'TICKET_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
  'INBOX_MESSAGE_NOT_FOUND',
  'SENSITIVE_WORD_NOT_FOUND',
  'BARRED_REPORTER_NOT_FOUND',
  'PLATFORM_APP_NOT_FOUND',
  'SURCHARGE_NOT_FOUND',
  'NOTIFICATION_DELIVERY_NOT_FOUND',
  // 405, 409, 413, 415, 429
  'METHOD_NOT_ALLOWED',
  'CODE_TAKEN',
  'USERNAME_TAKEN',
  'PHONE_TAKEN',
  'LOCATION_HAS_CHILDREN',
  'TRADE_IN_USE',
  'ATTACHMENT_IN_USE',
  'CANNOT_CHANGE_SELF',
  'TICKET_STATUS_CONFLICT',
  'TICKET_ALREADY_CLAIMED',
  'NO_ENGINEER_AVAILABLE',
  'DUPLICATE_ENTRY',
  'PLATFORM_APP_TAKEN',
  'PLATFORM_IDENTITY_TAKEN',
  'SURCHARGE_OPEN',
  'SURCHARGE_STATUS_CONFLICT',
  'PAYMENT_NOT_CONFIGURED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  'ACCOUNT_LOCKED',
  // 5xx
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'PLATFORM_UNAVAILABLE',
  'PAYMENT_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error body of the API. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For VALIDATION_FAILED: field path → messages. Otherwise small, code-specific facts. */
  details?: Record<string, unknown>;
  /** The id of the request, also on every log line it wrote. */
  requestId: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
