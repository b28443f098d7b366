import { Injectable } from '@nestjs/common';
import { chinaDay } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { sqlDialectFor } from '../../database/sql-dialect';
import { inTransaction } from '../../database/transaction';
import { TicketCounterEntity } from './entities/ticket-counter.entity';

/**
 * How many numbers a process takes at once: one short write per block instead of per ticket. A
 * block used up within BUSY_MS doubles the next one, up to MAX_BLOCK, so a rush costs a write per
 * hundreds of reports; a quiet spell returns to the smallest.
 */
const BLOCK = 20;
const MAX_BLOCK = 320;
const BUSY_MS = 2_000;

/**
 * Ticket numbers people read aloud: YYMMDD-NNNN by the community's day in Asia/Shanghai, unique
 * per community. Each process reserves blocks of numbers in a short transaction of its own, so
 * busy reporting never queues on one counter row; the price is that numbers from different
 * processes interleave and a restart skips the rest of its block (gaps, never repeats).
 */
@Injectable()
export class TicketNumbers {
  private readonly blocks = new Map<string, { next: number; end: number; size: number; at: number }>();
  private readonly refills = new Map<string, Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Must be called outside any transaction (it commits its own reservation). */
  async next(communityId: string, now = new Date()): Promise<string> {
    const day = chinaDay(now).slice(2).replace(/-/g, '');
    const key = `${communityId}:${day}`;
    for (;;) {
      const block = this.blocks.get(key);
      if (block !== undefined && block.next <= block.end) {
        const number = block.next;
        block.next += 1;
        return `${day}-${String(number).padStart(4, '0')}`;
      }
      // One reservation at a time per key; the others wait for it and then draw from it.
      let refill = this.refills.get(key);
      if (refill === undefined) {
        refill = this.reserve(communityId, day, key, now.getTime()).finally(() => this.refills.delete(key));
        this.refills.set(key, refill);
      }
      await refill;
    }
  }

  private async reserve(communityId: string, day: string, key: string, at: number): Promise<void> {
    const previous = this.blocks.get(key);
    const size =
      previous !== undefined && at - previous.at < BUSY_MS ? Math.min(previous.size * 2, MAX_BLOCK) : BLOCK;
    // One upsert: a first reservation of the day by two processes at once cannot deadlock, as an
    // update-then-insert would (both updates take the gap lock the other's insert waits for).
    const dialect = sqlDialectFor(this.dataSource.options.type);
    const end = await inTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `INSERT INTO ticket_counters (communityId, day, last) VALUES (?, ?, ?) ${dialect.onKeyAdd(
          'communityId, day',
          ['last'],
          [],
        )}`,
        [communityId, day, size],
      );
      const row = await manager.findOneByOrFail(TicketCounterEntity, { communityId, day });
      return row.last;
    });
    this.blocks.set(key, { next: end - size + 1, end, size, at });
    // Old days' blocks are never used again.
    for (const old of this.blocks.keys()) if (!old.endsWith(`:${day}`)) this.blocks.delete(old);
  }
}
