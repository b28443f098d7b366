import { Injectable } from '@nestjs/common';
import { chinaDay } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import { TicketCounterEntity } from './entities/ticket-counter.entity';

/** How many numbers a process takes at once: one short write per block instead of per ticket. */
const BLOCK = 20;

/**
 * Ticket numbers people read aloud: YYMMDD-NNNN by the community's day in Asia/Shanghai, unique
 * per community. Each process reserves blocks of numbers in a short transaction of its own, so
 * busy reporting never queues on one counter row; the price is that numbers from different
 * processes interleave and a restart skips the rest of its block (gaps, never repeats).
 */
@Injectable()
export class TicketNumbers {
  private readonly blocks = new Map<string, { next: number; end: number }>();
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
        refill = this.reserve(communityId, day, key).finally(() => this.refills.delete(key));
        this.refills.set(key, refill);
      }
      await refill;
    }
  }

  private async reserve(communityId: string, day: string, key: string): Promise<void> {
    const end = await inTransaction(this.dataSource, async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(TicketCounterEntity)
        .set({ last: () => `last + ${BLOCK}` })
        .where('communityId = :communityId AND day = :day', { communityId, day })
        .execute();
      if (updated.affected === 0) {
        // First ticket of the day here; a racing process may insert first, then we update.
        await manager
          .createQueryBuilder()
          .insert()
          .into(TicketCounterEntity)
          .values({ communityId, day, last: 0 })
          .orIgnore()
          .execute();
        await manager
          .createQueryBuilder()
          .update(TicketCounterEntity)
          .set({ last: () => `last + ${BLOCK}` })
          .where('communityId = :communityId AND day = :day', { communityId, day })
          .execute();
      }
      const row = await manager.findOneByOrFail(TicketCounterEntity, { communityId, day });
      return row.last;
    });
    this.blocks.set(key, { next: end - BLOCK + 1, end });
    // Old days' blocks are never used again.
    for (const old of this.blocks.keys()) if (!old.endsWith(`:${day}`)) this.blocks.delete(old);
  }
}
