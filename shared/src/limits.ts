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

/** What can be attached to a ticket: photos, video and voice notes (F1.2, F2.4). */
export const ATTACHMENT_KINDS = ['image', 'video', 'audio'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Why a ticket holds an attachment: the report, the completion record, a message, a surcharge. */
export const ATTACHMENT_PURPOSES = ['report', 'completion', 'message', 'surcharge'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

const MEBIBYTE = 1024 * 1024;

/** Upload limits (R10): largest file per kind, and the image size that still decodes safely. */
export const UPLOAD_LIMITS = {
  maxBytes: { image: 10 * MEBIBYTE, audio: 10 * MEBIBYTE, video: 50 * MEBIBYTE } satisfies Record<
    AttachmentKind,
    number
  >,
  /** Larger images are refused as pixel floods: they would take gigabytes to decode. */
  imageMaxPixels: 40_000_000,
  imageMaxSide: 16_384,
  /** Longest display name kept for an uploaded file, in characters. */
  fileNameMaxLength: 100,
} as const;

/**
 * The media types the server accepts, by kind. The server tells them from the file's bytes, never
 * from its name or declared type; the apps use the list to filter what they offer to pick.
 */
export const UPLOAD_MIME_TYPES = {
  image: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic'],
  video: ['video/mp4', 'video/quicktime', 'video/3gpp'],
  audio: ['audio/mp4', 'audio/aac', 'audio/mpeg', 'audio/amr', 'audio/amr-wb', 'audio/wav', 'audio/silk'],
} as const satisfies Record<AttachmentKind, readonly string[]>;

export type UploadMimeType = (typeof UPLOAD_MIME_TYPES)[AttachmentKind][number];
