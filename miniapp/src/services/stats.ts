import { chinaMidnight } from '@smart-repair/shared';
import { request } from './http';
import type { TicketStats } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The start of the China-time day `days - 1` days before now's, so the range holds `days` whole days. */
export function rangeStart(days: number, now: Date = new Date()): string {
  return new Date(chinaMidnight(now).getTime() - (days - 1) * DAY_MS).toISOString();
}

export const statsApi = {
  /** The office's ticket figures since the start of the range until now; no community: all of theirs. */
  tickets: (filter: { communityId?: string; days: number }) =>
    request<TicketStats>('GET', '/stats/tickets', {
      query: { communityId: filter.communityId, from: rangeStart(filter.days) },
    }),
};
