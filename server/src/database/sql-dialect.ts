/**
 * The few SQL expressions that differ between SQLite and MariaDB, for the hand-written aggregates
 * (figures, the ledger's daily totals) and counters; everything else is plain SQL both accept.
 */
export interface SqlDialect {
  /** Hours from one datetime expression to another, fractional; NULL if either is NULL. */
  hours(from: string, to: string): string;
  /** The China-time (UTC+8) calendar day of a UTC datetime, as 'YYYY-MM-DD' text. */
  chinaDay(at: string): string;
  /**
   * The end of an INSERT of counter rows: where the key exists already, the `added` columns are
   * added to the stored ones and the `replaced` ones take the new value unless it is NULL.
   */
  onKeyAdd(key: string, added: string[], replaced: string[]): string;
}

const SQLITE: SqlDialect = {
  hours: (from, to) => `((julianday(${to}) - julianday(${from})) * 24)`,
  chinaDay: (at) => `date(${at}, '+8 hours')`,
  onKeyAdd: (key, added, replaced) =>
    `ON CONFLICT(${key}) DO UPDATE SET ${[
      ...added.map((column) => `${column} = ${column} + excluded.${column}`),
      ...replaced.map((column) => `${column} = COALESCE(excluded.${column}, ${column})`),
    ].join(', ')}`,
};

const MARIADB: SqlDialect = {
  hours: (from, to) => `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 3600000000)`,
  chinaDay: (at) => `DATE_FORMAT(DATE_ADD(${at}, INTERVAL 8 HOUR), '%Y-%m-%d')`,
  onKeyAdd: (_key, added, replaced) =>
    `ON DUPLICATE KEY UPDATE ${[
      ...added.map((column) => `${column} = ${column} + VALUES(${column})`),
      ...replaced.map((column) => `${column} = COALESCE(VALUES(${column}), ${column})`),
    ].join(', ')}`,
};

export function sqlDialectFor(type: string): SqlDialect {
  return type === 'better-sqlite3' || type === 'sqlite' ? SQLITE : MARIADB;
}
