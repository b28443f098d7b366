/**
 * China time is UTC+8 all year (no daylight saving). Residents, offices and WeChat all think in
 * it, so days (ticket numbers, daily figures, the ledger) and shown times are China-time ones.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;

const DAY_MS = 24 * 3600_000;

/** The China-time calendar day of an instant, as 'YYYY-MM-DD'. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** China-time wall clock 'YYYY-MM-DD HH:mm'. */
export function chinaMinute(at: Date): string {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The instant China-time midnight begins on the day of `at`. */
export function chinaMidnight(at: Date): Date {
  return new Date(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS);
}
