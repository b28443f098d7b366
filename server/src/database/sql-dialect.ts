/**
 * The few SQL expressions that differ between SQLite and MariaDB, for the hand-written aggregates
 * (figures, the ledger's daily totals); everything else is plain SQL both accept.
 */
export interface SqlDialect {
  /** Hours from one datetime expression to another, fractional; NULL if either is NULL. */
  hours(from: string, to: string): string;
  /** The China-time (UTC+8) calendar day of a UTC datetime, as 'YYYY-MM-DD' text. */
  chinaDay(at: string): string;
}

const SQLITE: SqlDialect = {
  hours: (from, to) => `((julianday(${to}) - julianday(${from})) * 24)`,
  chinaDay: (at) => `date(${at}, '+8 hours')`,
};

const MARIADB: SqlDialect = {
  hours: (from, to) => `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 3600000000)`,
  chinaDay: (at) => `DATE_FORMAT(DATE_ADD(${at}, INTERVAL 8 HOUR), '%Y-%m-%d')`,
};

export function sqlDialectFor(type: string): SqlDialect {
  return type === 'better-sqlite3' || type === 'sqlite' ? SQLITE : MARIADB;
}
