import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type EntityTarget,
  type ObjectLiteral,
  type QueryRunner,
} from 'typeorm';
import { whenTransactionEnds } from './transaction-end';

/**
 * How long a cached read may be reused. A change made through this process clears the caches
 * that depend on it at once (and again when its transaction commits); a change made by another
 * server process on the same database takes effect here within this bound.
 */
export const READ_CACHE_MS = 5_000;

/** Entries one cache holds at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

/** Which writes make a cache stale: any write to these tables, or only updates and deletes. */
export interface CacheDependency {
  entity: EntityTarget<ObjectLiteral>;
  /** A new row cannot make anything cached stale (e.g. a new session): inserts are ignored. */
  ignoreInserts?: boolean;
}

/**
 * Values read from the database and reused for a short while: reference data that every request
 * needs (who the caller is, a community's settings, its categories) and that changes rarely.
 * A read that overlaps a change is never stored, so the cache cannot keep what a change replaced.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Bumped by every clear, so a read begun before a change is not stored after it. */
  private generation = 0;

  constructor(
    readonly name: string,
    private readonly ttlMs: number = READ_CACHE_MS,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    const now = Date.now();
    if (entry !== undefined && entry.expiresAt > now) return entry.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.ttlMs > 0) {
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
    }
    return value;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

/**
 * Makes the read caches and clears them on writes: it listens to every insert, update and delete
 * TypeORM runs, clears the caches depending on that table at once, and, when the write belongs to
 * a transaction, once more when it commits or rolls back (a read between the write and the commit
 * still sees the old row and could otherwise store it). Writes in raw SQL are not seen: the
 * tables cached here are only written through TypeORM.
 */
@Injectable()
export class ReadCaches implements EntitySubscriberInterface {
  private readonly watchers = new Map<unknown, { cache: ReadCache<unknown>; ignoreInserts: boolean }[]>();

  constructor(@Inject(DataSource) dataSource: DataSource) {
    (dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  create<V>(name: string, dependsOn: CacheDependency[], ttlMs: number = READ_CACHE_MS): ReadCache<V> {
    const cache = new ReadCache<V>(name, ttlMs);
    for (const { entity, ignoreInserts = false } of dependsOn) {
      const list = this.watchers.get(entity) ?? [];
      list.push({ cache: cache as ReadCache<unknown>, ignoreInserts });
      this.watchers.set(entity, list);
    }
    return cache;
  }

  afterInsert(event: { metadata: { target: unknown }; queryRunner: QueryRunner }): void {
    this.changed(event.metadata.target, event.queryRunner, true);
  }

  afterUpdate(event: { metadata: { target: unknown }; queryRunner: QueryRunner }): void {
    this.changed(event.metadata.target, event.queryRunner, false);
  }

  afterRemove(event: { metadata: { target: unknown }; queryRunner: QueryRunner }): void {
    this.changed(event.metadata.target, event.queryRunner, false);
  }

  private changed(target: unknown, queryRunner: QueryRunner, insert: boolean): void {
    const watchers = this.watchers.get(target);
    if (watchers === undefined) return;
    for (const { cache, ignoreInserts } of watchers) {
      if (insert && ignoreInserts) continue;
      cache.clear();
      if (queryRunner.isTransactionActive) whenTransactionEnds(queryRunner, () => cache.clear());
    }
  }
}

/** Cached values are shared by every request: frozen, so no caller can change one in place. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
