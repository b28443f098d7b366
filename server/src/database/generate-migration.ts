/**
 * Writes a migration for each dialect from the difference between the entities and the schema
 * the existing migrations produce. Usage (from server/):
 *   npm run migration:generate -- <Name> [mysql-url]
 * The MySQL side runs against a scratch database (default: the local MariaDB), dropped first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatabaseUrl, type DatabaseConfig } from '../config/app-config';
import type { Dialect } from './data-source';
import { openDatabase } from './prepare-database';
import { dropMysqlDatabase } from './mysql-server';

const SOURCE_DIR = resolve(__dirname, '..', '..', 'src', 'database', 'migrations');

async function pendingSql(database: DatabaseConfig): Promise<{ up: string[]; down: string[] }> {
  const dataSource = await openDatabase(database);
  try {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: log.upQueries.map((q) => q.query),
      down: log.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

function writeMigration(
  dialect: Dialect,
  name: string,
  stamp: number,
  sql: { up: string[]; down: string[] },
): void {
  // TypeORM orders migrations by the last 13 characters of the class name: the stamp must end it.
  const className = `${name}${dialect === 'sqlite' ? 'Sqlite' : 'Mysql'}${stamp}`;
  const file = `${stamp}-${name}`;
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  writeFileSync(
    join(SOURCE_DIR, dialect, `${file}.ts`),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(sql.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(sql.down)}
  }
}
`,
  );
  const indexFile = join(SOURCE_DIR, dialect, 'index.ts');
  const index = readFileSync(indexFile, 'utf8')
    .replace(/^(import type .*\n)/m, `$1import { ${className} } from './${file}';\n`)
    .replace(/= \[(.*)\];/s, (_all, list: string) => {
      const items = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return `= [${[...items, className].join(', ')}];`;
    });
  writeFileSync(indexFile, index);
  console.log(`wrote ${dialect}/${file}.ts (${sql.up.length} statements)`);
}

async function main(): Promise<void> {
  const [name, mysqlUrl = 'mariadb://root@127.0.0.1:3306/smart_repair_migration_gen'] = process.argv.slice(2);
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error('Give the migration a PascalCase name: npm run migration:generate -- AddTickets');
  }
  const stamp = Date.now();
  const problems: string[] = [];
  const mysql = parseDatabaseUrl(mysqlUrl, problems);
  if (problems.length > 0 || mysql.kind === 'sqlite')
    throw new Error(problems.join('; ') || 'need a MySQL URL');

  const dir = mkdtempSync(join(tmpdir(), 'migration-'));
  try {
    const sqlite = await pendingSql({ kind: 'sqlite', file: join(dir, 'gen.sqlite') });
    await dropMysqlDatabase(mysql);
    const mysqlSql = await pendingSql(mysql);
    await dropMysqlDatabase(mysql);
    if (sqlite.up.length === 0 && mysqlSql.up.length === 0) {
      console.log('The entities match the migrations; nothing to write.');
      return;
    }
    if (sqlite.up.length > 0) writeMigration('sqlite', name, stamp, sqlite);
    if (mysqlSql.up.length > 0) writeMigration('mysql', name, stamp, mysqlSql);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
