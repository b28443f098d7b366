import { OPEN_STATUSES } from '@smart-repair/shared';
import type { SqlDialect } from '../../database/sql-dialect';

/**
 * The figures as SQL that runs on SQLite and MariaDB alike: plain aggregates, `?` parameters,
 * backtick-quoted names (SQLite accepts them too). Only date arithmetic differs, in `SqlDialect`.
 */

/** Whose rows count: one organisation, and within it some communities or (null) all of them. */
export interface StatsScope {
  organizationId: string;
  communityIds: string[] | null;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * A UTC datetime as both databases compare it with their stored text or DATETIME. Whole seconds
 * drop the ".000": SQLite's own defaults store no milliseconds, and text comparison must agree.
 */
export function sqlTime(at: Date): string {
  const iso = at.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return text.endsWith('.000') ? text.slice(0, 19) : text;
}

function scopeWhere(alias: string, scope: StatsScope): SqlQuery {
  if (scope.communityIds === null)
    return { sql: `${alias}.\`organizationId\` = ?`, params: [scope.organizationId] };
  const marks = scope.communityIds.map(() => '?').join(', ');
  return {
    sql: `${alias}.\`organizationId\` = ? AND ${alias}.\`communityId\` IN (${marks})`,
    params: [scope.organizationId, ...scope.communityIds],
  };
}

/** Tickets of the scope reported in [from, to). */
function reportedIn(scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = scopeWhere('t', scope);
  return {
    sql: `${where.sql} AND t.\`createdAt\` >= ? AND t.\`createdAt\` < ?`,
    params: [...where.params, sqlTime(from), sqlTime(to)],
  };
}

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const ASSIGNING = list(['dispatch', 'redispatch', 'transfer', 'claim']);

export function statusCounts(scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = reportedIn(scope, from, to);
  return {
    sql: `SELECT t.\`status\` AS \`status\`, COUNT(*) AS \`reported\`
          FROM \`tickets\` t WHERE ${where.sql} GROUP BY t.\`status\``,
    params: where.params,
  };
}

export function dayCounts(dialect: SqlDialect, scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = reportedIn(scope, from, to);
  const day = dialect.chinaDay('t.`createdAt`');
  return {
    sql: `SELECT ${day} AS \`day\`, COUNT(*) AS \`reported\`
          FROM \`tickets\` t WHERE ${where.sql} GROUP BY ${day}`,
    params: where.params,
  };
}

export function categoryCounts(scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = reportedIn(scope, from, to);
  return {
    sql: `SELECT c.\`id\` AS \`categoryId\`, c.\`name\` AS \`name\`, COUNT(*) AS \`reported\`
          FROM \`tickets\` t JOIN \`repair_categories\` c ON c.\`id\` = t.\`categoryId\`
          WHERE ${where.sql}
          GROUP BY c.\`id\`, c.\`name\`
          ORDER BY COUNT(*) DESC, c.\`name\`, c.\`id\``,
    params: where.params,
  };
}

/**
 * Average hours of each step over the tickets reported in the range. The moments come from the
 * ticket's events: first dispatch or claim, first take or claim, last completion, last acceptance.
 */
export function stepHours(dialect: SqlDialect, scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = reportedIn(scope, from, to);
  const at = (actions: readonly string[], pick: 'MIN' | 'MAX') =>
    `${pick}(CASE WHEN e.\`action\` IN (${list(actions)}) THEN e.\`createdAt\` END)`;
  return {
    sql: `SELECT
            AVG(${dialect.hours('s.`reportedAt`', 's.`dispatchedAt`')}) AS \`reportToDispatch\`,
            AVG(${dialect.hours('s.`dispatchedAt`', 's.`takenAt`')}) AS \`dispatchToTake\`,
            AVG(${dialect.hours('s.`takenAt`', 's.`completedAt`')}) AS \`takeToComplete\`,
            AVG(${dialect.hours('s.`completedAt`', 's.`passedAt`')}) AS \`completeToAcceptance\`
          FROM (
            SELECT t.\`id\` AS \`id\`, t.\`createdAt\` AS \`reportedAt\`,
              ${at(['dispatch', 'claim'], 'MIN')} AS \`dispatchedAt\`,
              ${at(['take', 'claim'], 'MIN')} AS \`takenAt\`,
              ${at(['complete'], 'MAX')} AS \`completedAt\`,
              ${at(['pass'], 'MAX')} AS \`passedAt\`
            FROM \`tickets\` t JOIN \`ticket_events\` e ON e.\`ticketId\` = t.\`id\`
            WHERE ${where.sql}
            GROUP BY t.\`id\`, t.\`createdAt\`
          ) s`,
    params: where.params,
  };
}

export function ratingTotals(scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = reportedIn(scope, from, to);
  return {
    sql: `SELECT COUNT(t.\`rating\`) AS \`rated\`, AVG(t.\`rating\`) AS \`average\`,
            SUM(CASE WHEN t.\`rating\` <= 2 THEN 1 ELSE 0 END) AS \`bad\`
          FROM \`tickets\` t WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * Per engineer, the tickets of theirs completed in the range: how many, how long from the order
 * reaching them (the last dispatch, transfer or claim) to completion, and their ratings.
 */
export function engineerTotals(dialect: SqlDialect, scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = scopeWhere('t', scope);
  return {
    sql: `SELECT s.\`assigneeId\` AS \`engineerId\`, u.\`name\` AS \`name\`, COUNT(*) AS \`completed\`,
            AVG(${dialect.hours('s.`assignedAt`', 's.`completedAt`')}) AS \`averageHoursToComplete\`,
            COUNT(s.\`rating\`) AS \`rated\`, AVG(s.\`rating\`) AS \`averageRating\`
          FROM (
            SELECT t.\`id\` AS \`id\`, t.\`assigneeId\` AS \`assigneeId\`, t.\`completedAt\` AS \`completedAt\`,
              t.\`rating\` AS \`rating\`,
              MAX(CASE WHEN e.\`action\` IN (${ASSIGNING}) AND e.\`createdAt\` <= t.\`completedAt\`
                THEN e.\`createdAt\` END) AS \`assignedAt\`
            FROM \`tickets\` t JOIN \`ticket_events\` e ON e.\`ticketId\` = t.\`id\`
            WHERE ${where.sql} AND t.\`assigneeId\` IS NOT NULL
              AND t.\`completedAt\` >= ? AND t.\`completedAt\` < ?
            GROUP BY t.\`id\`, t.\`assigneeId\`, t.\`completedAt\`, t.\`rating\`
          ) s
          LEFT JOIN \`users\` u ON u.\`id\` = s.\`assigneeId\`
          GROUP BY s.\`assigneeId\`, u.\`name\`
          ORDER BY COUNT(*) DESC, u.\`name\`, s.\`assigneeId\``,
    params: [...where.params, sqlTime(from), sqlTime(to)],
  };
}

/** Open tickets, reported whenever, whose current step is flagged late or past its deadline now. */
export function overdueCount(scope: StatsScope, now: Date): SqlQuery {
  const where = scopeWhere('t', scope);
  return {
    sql: `SELECT COUNT(*) AS \`overdue\` FROM \`tickets\` t
          WHERE ${where.sql} AND t.\`status\` IN (${list(OPEN_STATUSES)})
            AND (t.\`overdueAt\` IS NOT NULL OR t.\`stepDeadlineAt\` < ?)`,
    params: [...where.params, sqlTime(now)],
  };
}

/** Surcharge money booked in the range: payments in, refunds out (stored negative). */
export function surchargeTotals(scope: StatsScope, from: Date, to: Date): SqlQuery {
  const where = scopeWhere('l', scope);
  return {
    sql: `SELECT
            SUM(CASE WHEN l.\`kind\` = 'payment' THEN l.\`amountFen\` ELSE 0 END) AS \`paidFen\`,
            SUM(CASE WHEN l.\`kind\` = 'refund' THEN -l.\`amountFen\` ELSE 0 END) AS \`refundedFen\`
          FROM \`ledger_entries\` l
          WHERE ${where.sql} AND l.\`occurredAt\` >= ? AND l.\`occurredAt\` < ?`,
    params: [...where.params, sqlTime(from), sqlTime(to)],
  };
}
