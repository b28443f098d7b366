/** Input limits both apps enforce the same way. */
export const LIMITS = {
  /** Default and largest page of any list (R9: larger requests are clamped, not refused). */
  pageSizeDefault: 20,
  pageSizeMax: 100,
  nameMaxLength: 64,
  codeMaxLength: 32,
  descriptionMaxLength: 500,
  usernameMinLength: 3,
  usernameMaxLength: 32,
  passwordMinLength: 8,
  passwordMaxLength: 128,
  /** Largest JSON body the API reads, in bytes. */
  jsonBodyMaxBytes: 1024 * 1024,
} as const;

/** Mainland China mobile numbers: 11 digits starting with 1[3-9]. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** Codes are short, URL-safe identifiers chosen by admins (e.g. building "B3"). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Usernames: letters, digits, dot, underscore and dash; not all digits (that reads as a phone). */
export const USERNAME_PATTERN = /^(?!\d+$)[A-Za-z0-9._-]+$/;

/** Clamp a requested page size into [1, pageSizeMax]; undefined gives the default. */
export function clampPageSize(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return LIMITS.pageSizeDefault;
  return Math.min(Math.max(Math.trunc(requested), 1), LIMITS.pageSizeMax);
}

/** Show only the first three and last four digits of a phone number: 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/**
 * A password must be long enough and not a single repeated character or run of digits only;
 * length matters more than character classes.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < LIMITS.passwordMinLength) {
    return `at least ${LIMITS.passwordMinLength} characters`;
  }
  if (password.length > LIMITS.passwordMaxLength) {
    return `at most ${LIMITS.passwordMaxLength} characters`;
  }
  if (/^(.)\1*$/.test(password)) return 'not one repeated character';
  if (/^\d+$/.test(password)) return 'not digits only';
  return null;
}
