// The yardstick: the smallest NestJS-on-Fastify app that does one query per request through
// the same driver (mysql2, pool of 20) against the same MariaDB. The API's figures are read as
// a fraction of this one, measured in the same run.
// Plain JS, so Nest's decorators are applied by hand below.
import 'reflect-metadata';
import { Body, Controller, Get, Inject, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createConnection, createPool } from 'mysql2/promise';
import { MARIADB } from './lib.mjs';

const PORT = Number(process.env.PORT);
const DATABASE = process.env.BASELINE_DATABASE ?? 'smart_repair_bench_baseline';
const SEED_ROWS = 100;
const POOL = Symbol('mysql pool');

/** Creates the scratch database with one small table; the caller has dropped it beforehand. */
async function prepareDatabase() {
  const connection = await createConnection({ ...MARIADB, connectTimeout: 10_000 });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await connection.query(`USE \`${DATABASE}\``);
    await connection.query(
      `CREATE TABLE IF NOT EXISTS item (
         id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
         name VARCHAR(100) NOT NULL,
         created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
       ) ENGINE=InnoDB`,
    );
    const names = Array.from({ length: SEED_ROWS }, (_, i) => [`seed-${i + 1}`]);
    await connection.query('INSERT INTO item (name) VALUES ?', [names]);
  } finally {
    await connection.end();
  }
}

class BaselineController {
  constructor(pool) {
    this.pool = pool;
  }

  async row(id) {
    const [rows] = await this.pool.query('SELECT id, name, created_at FROM item WHERE id = ?', [Number(id)]);
    if (rows.length === 0) throw new NotFoundException();
    return rows[0];
  }

  async create(body) {
    const [result] = await this.pool.query('INSERT INTO item (name) VALUES (?)', [
      String(body?.name ?? 'row'),
    ]);
    return { id: result.insertId };
  }
}

// What `@Controller('baseline')`, `@Get(...)`, `@Param('id')` etc. would do in TypeScript.
Controller('baseline')(BaselineController);
Inject(POOL)(BaselineController, undefined, 0);
decorateMethod(BaselineController, 'row', Get('row/:id'));
Param('id')(BaselineController.prototype, 'row', 0);
decorateMethod(BaselineController, 'create', Post('rows'));
Body()(BaselineController.prototype, 'create', 0);

function decorateMethod(target, method, decorator) {
  const { prototype } = target;
  Reflect.decorate([decorator], prototype, method, Object.getOwnPropertyDescriptor(prototype, method));
}

async function main() {
  await prepareDatabase();
  const pool = createPool({ ...MARIADB, database: DATABASE, connectionLimit: 20 });

  class BaselineModule {}
  Module({ controllers: [BaselineController], providers: [{ provide: POOL, useValue: pool }] })(
    BaselineModule,
  );

  const app = await NestFactory.create(BaselineModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  await app.listen(PORT, '127.0.0.1');

  const shutdown = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
