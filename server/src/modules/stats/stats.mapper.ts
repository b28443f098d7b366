import { TICKET_STATUSES, chinaDay, type TicketStatus } from '@smart-repair/shared';
import type {
  CategoryCountView,
  DayCountView,
  EngineerStatsView,
  RatingStatsView,
  StepHoursView,
  SurchargeTotalsView,
} from './dto/stats.dto';

/** A raw aggregate row: numbers come back as numbers from SQLite and often as text from MariaDB. */
export type Row = Record<string, unknown>;

const DAY_MS = 24 * 3600_000;

function count(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Averages to two decimals; null when nothing was averaged. */
function average(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Math.round(Number(value) * 100) / 100;
}

export function toStatusCounts(rows: Row[]): Record<TicketStatus, number> {
  const counts = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >;
  for (const row of rows) counts[row.status as TicketStatus] = count(row.reported);
  return counts;
}

/** Every China-time day from `from` up to (not including) `to`, zero where nothing was reported. */
export function toDayCounts(rows: Row[], from: Date, to: Date): DayCountView[] {
  const reported = new Map(rows.map((row) => [String(row.day), count(row.reported)]));
  const days: DayCountView[] = [];
  const last = chinaDay(new Date(to.getTime() - 1));
  for (let day = chinaDay(from); day <= last; day = chinaDay(new Date(Date.parse(day) + DAY_MS))) {
    days.push({ day, reported: reported.get(day) ?? 0 });
  }
  return days;
}

export function toCategoryCounts(rows: Row[]): CategoryCountView[] {
  return rows.map((row) => ({
    categoryId: String(row.categoryId),
    name: String(row.name),
    reported: count(row.reported),
  }));
}

export function toEngineerStats(rows: Row[]): EngineerStatsView[] {
  return rows.map((row) => ({
    engineerId: String(row.engineerId),
    name: row.name === null || row.name === undefined ? '' : String(row.name),
    completed: count(row.completed),
    averageHoursToComplete: average(row.averageHoursToComplete),
    rated: count(row.rated),
    averageRating: average(row.averageRating),
  }));
}

export function toStepHours(row: Row | undefined): StepHoursView {
  return {
    reportToDispatch: average(row?.reportToDispatch),
    dispatchToTake: average(row?.dispatchToTake),
    takeToComplete: average(row?.takeToComplete),
    completeToAcceptance: average(row?.completeToAcceptance),
  };
}

export function toRatingStats(row: Row | undefined): RatingStatsView {
  return { rated: count(row?.rated), average: average(row?.average), bad: count(row?.bad) };
}

export function toSurchargeTotals(row: Row | undefined): SurchargeTotalsView {
  const paidFen = count(row?.paidFen);
  const refundedFen = count(row?.refundedFen);
  return { paidFen, refundedFen, netFen: paidFen - refundedFen };
}

export function toCount(row: Row | undefined, column: string): number {
  return count(row?.[column]);
}
