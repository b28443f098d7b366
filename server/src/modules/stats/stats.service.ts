import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { sqlDialectFor } from '../../database/sql-dialect';
import type { TicketStatsQuery, TicketStatsView } from './dto/stats.dto';
import {
  categoryCounts,
  dayCounts,
  engineerTotals,
  overdueCount,
  ratingTotals,
  statusCounts,
  stepHours,
  surchargeTotals,
  type SqlQuery,
  type StatsScope,
} from './stats-sql';
import {
  toCategoryCounts,
  toCount,
  toDayCounts,
  toEngineerStats,
  toRatingStats,
  toStatusCounts,
  toStepHours,
  toSurchargeTotals,
  type Row,
} from './stats.mapper';

const DAY_MS = 24 * 3600_000;
const DEFAULT_RANGE_DAYS = 30;
/** The figures cover at most this much time: a year, leap day included. */
const MAX_RANGE_DAYS = 366;

/** Figures for the office (F4): the dispatch board's view of a range of time, as aggregates. */
@Injectable()
export class StatsService {
  constructor(private readonly dataSource: DataSource) {}

  /** One community, or every community where the caller runs dispatch (all of them for HQ). */
  async tickets(principal: Principal, query: TicketStatsQuery): Promise<TicketStatsView> {
    const now = new Date();
    const { from, to, clamped } = statsRange(query, now);
    const scope = await this.scope(principal, query.communityId);
    const dialect = sqlDialectFor(this.dataSource.options.type);
    const [statuses, days, categories, steps, ratings, engineers, overdue, surcharges] = await Promise.all([
      this.rows(statusCounts(scope, from, to)),
      this.rows(dayCounts(dialect, scope, from, to)),
      this.rows(categoryCounts(scope, from, to)),
      this.rows(stepHours(dialect, scope, from, to)),
      this.rows(ratingTotals(scope, from, to)),
      this.rows(engineerTotals(dialect, scope, from, to)),
      this.rows(overdueCount(scope, now)),
      this.rows(surchargeTotals(scope, from, to)),
    ]);
    const byStatus = toStatusCounts(statuses);
    return {
      communityId: query.communityId ?? null,
      range: { from: from.toISOString(), to: to.toISOString(), clamped },
      reported: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      byStatus,
      daily: toDayCounts(days, from, to),
      byCategory: toCategoryCounts(categories),
      byEngineer: toEngineerStats(engineers),
      averageHours: toStepHours(steps[0]),
      ratings: toRatingStats(ratings[0]),
      overdueNow: toCount(overdue[0], 'overdue'),
      surcharges: toSurchargeTotals(surcharges[0]),
    };
  }

  private async scope(principal: Principal, communityId: string | undefined): Promise<StatsScope> {
    const organizationId = principal.organizationId;
    if (communityId !== undefined) {
      await TenantScope.community(this.dataSource.manager, principal, 'ticket.dispatch', communityId);
      return { organizationId, communityIds: [communityId] };
    }
    const communities = principal.communitiesWith('ticket.dispatch');
    if (communities === ALL_COMMUNITIES) return { organizationId, communityIds: null };
    if (communities.length === 0)
      throw new DomainException('PERMISSION_DENIED', 'Your role does not allow this here', {
        permission: 'ticket.dispatch',
      });
    return { organizationId, communityIds: communities };
  }

  private rows({ sql, params }: SqlQuery): Promise<Row[]> {
    return this.dataSource.query(sql, params);
  }
}

/** [from, to): `to` defaults to now, `from` to 30 days before it; longer than 366 days is cut. */
function statsRange(query: TicketStatsQuery, now: Date): { from: Date; to: Date; clamped: boolean } {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : new Date(query.from);
  if (from.getTime() >= to.getTime()) {
    throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
      fields: { from: ['from must be before to'] },
    });
  }
  if (to.getTime() - from.getTime() <= MAX_RANGE_DAYS * DAY_MS) return { from, to, clamped: false };
  return { from: new Date(to.getTime() - MAX_RANGE_DAYS * DAY_MS), to, clamped: true };
}
