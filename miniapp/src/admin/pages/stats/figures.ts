import { OPEN_STATUSES, type TicketStatus } from '@smart-repair/shared';
import type { TicketStats } from '../../../services/types';

const DONE: readonly TicketStatus[] = ['completed', 'verified', 'closed'];

/** Tickets of the range still waiting for the repair to be done. */
export function openCount(stats: TicketStats): number {
  return OPEN_STATUSES.filter((status) => !DONE.includes(status)).reduce(
    (sum, status) => sum + stats.byStatus[status],
    0,
  );
}

/** Tickets of the range repaired (waiting for acceptance, accepted) or closed. */
export function doneCount(stats: TicketStats): number {
  return DONE.reduce((sum, status) => sum + stats.byStatus[status], 0);
}

/** Nothing happened in the range: no reports, nothing completed, late or paid. */
export function isQuiet(stats: TicketStats): boolean {
  return (
    stats.reported === 0 &&
    stats.overdueNow === 0 &&
    stats.byEngineer.length === 0 &&
    stats.surcharges.paidFen === 0 &&
    stats.surcharges.refundedFen === 0
  );
}

/** 0.5 → "30 分钟", 3.75 → "3.8 小时", 60 → "2.5 天"; no data → "—". */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours * 60 < 0.5) return '不到 1 分钟';
  if (hours < 1) return `${Math.round(hours * 60)} 分钟`;
  if (hours < 48) return `${hours.toFixed(1)} 小时`;
  return `${(hours / 24).toFixed(1)} 天`;
}

/** 4.567 → "4.6"; no ratings → "—". */
export function formatRating(rating: number | null): string {
  return rating === null ? '—' : rating.toFixed(1);
}

/** "2026-11-30" → "11-30". */
export function dayLabel(day: string): string {
  return day.slice(5);
}
