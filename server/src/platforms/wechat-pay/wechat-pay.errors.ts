/**
 * WeChat Pay refused or failed a call. `status` is the HTTP status (0 when no answer came);
 * `code` is WeChat Pay's own (PARAM_ERROR, ORDER_NOT_EXIST, SYSTEM_ERROR …) or one of ours:
 * TIMEOUT, NETWORK, BAD_RESPONSE, RESPONSE_SIGNATURE_INVALID, INVALID_ARGUMENT.
 * `retryable`: the same call (same out_trade_no / out_refund_no) may succeed later.
 */
export class WechatPayError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryable: boolean;

  constructor(init: { status: number; code: string; message: string; retryable: boolean }) {
    super(`WeChat Pay ${init.status} ${init.code}: ${init.message}`);
    this.name = 'WechatPayError';
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable;
  }
}

/**
 * Why a notification was refused. All mean "answer 4xx and change nothing", except
 * `certificates_unavailable` (the platform certificates could not be fetched: answer 5xx so
 * WeChat Pay delivers it again later).
 */
export type NotificationRejection =
  | 'missing_headers'
  | 'signtest'
  | 'stale_timestamp'
  | 'unsupported_signature_type'
  | 'wrong_mode'
  | 'unknown_serial'
  | 'bad_signature'
  | 'malformed'
  | 'decrypt_failed'
  | 'certificates_unavailable';

export class WechatPayNotificationRejected extends Error {
  readonly reason: NotificationRejection;

  constructor(reason: NotificationRejection, detail?: string) {
    super(`WeChat Pay notification rejected: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'WechatPayNotificationRejected';
    this.reason = reason;
  }

  get retryable(): boolean {
    return this.reason === 'certificates_unavailable';
  }
}

/** Codes that mean "busy, try again" rather than "this request is wrong". */
const RETRYABLE_CODES = new Set([
  'SYSTEM_ERROR',
  'SYSTEMERROR',
  'FREQUENCY_LIMITED',
  'BANK_ERROR',
  'BANKERROR',
]);

export function isRetryable(status: number, code: string): boolean {
  return status === 0 || status >= 500 || status === 429 || RETRYABLE_CODES.has(code);
}
