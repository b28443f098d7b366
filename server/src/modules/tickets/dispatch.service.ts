import { Injectable } from '@nestjs/common';
import {
  DISPATCH_REASON_PASSED_OVER,
  DISPATCH_REASON_RANKED,
  type DispatchCandidate,
  type DispatchExclusion,
  type DispatchReason,
} from '@smart-repair/shared';
import type { EntityManager } from 'typeorm';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { whenTransactionEnds } from '../../database/transaction-end';
import { TradeAreaEntity } from '../catalog/entities/trade-area.entity';
import { TradeEntity } from '../catalog/entities/trade.entity';
import { EngineerLoads, type EngineerLoad } from './engineer-loads';
import { TicketEntity } from './entities/ticket.entity';
import { byChineseName } from './tickets.mapper';

/** Ratings older than this no longer say much about an engineer. */
const RATING_WINDOW_DAYS = 90;
/** What an engineer without ratings counts as: a little below perfect, so proven people go first. */
const UNRATED = 4.5;
/** Recent ratings move slowly: an average is reused this long before it is read again. */
const RATINGS_CACHE_MS = 60_000;
/** A dispatch whose transaction never reported its end stops counting as in flight after this. */
const IN_FLIGHT_LIMIT_MS = 60_000;

interface TradeServing {
  active: boolean;
  areaIds: readonly string[];
}

/**
 * Auto-dispatch (F2.2): the category's trade, the area the location lies in (the trade must serve
 * it), then among the trade's engineers of this community who are active, on duty and under the
 * open-ticket cap: fewest open tickets first, then the best recent rating, then whoever was
 * given work least recently. The reason keeps the leaders in that order, the first few passed over
 * with why, and counts of everyone looked at (shared/src/dispatch.ts).
 *
 * Open tickets and the last hand-over come from the workload counters the journal keeps
 * (EngineerLoads: read once a second, with this process's committed changes added), plus the
 * dispatches this process has made whose transactions have not ended yet: reports arriving
 * together spread over the engineers instead of all landing on the one who looked least busy.
 */
@Injectable()
export class DispatchService {
  private readonly trades: ReadCache<TradeServing | null>;
  private readonly ratings: ReadCache<ReadonlyMap<string, number>>;
  /** Dispatches by this process not yet committed or rolled back, per engineer. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly loads: EngineerLoads,
    caches: ReadCaches,
  ) {
    this.trades = caches.create('trades served', [{ entity: TradeEntity }, { entity: TradeAreaEntity }]);
    this.ratings = caches.create('recent ratings', [], RATINGS_CACHE_MS);
  }

  async choose(
    manager: EntityManager,
    ticket: Pick<TicketEntity, 'id' | 'communityId' | 'tradeId' | 'areaId'>,
    maxOpenPerEngineer: number,
    exclude: readonly string[] = [],
  ): Promise<DispatchReason> {
    const reason: DispatchReason = {
      rule: 'fewest_open_then_best_rating',
      tradeId: ticket.tradeId,
      areaId: ticket.areaId,
      chosenId: null,
      candidates: [],
    };
    const trade = await this.trades.get(ticket.tradeId, () => this.tradeServing(manager, ticket.tradeId));
    if (trade === null || !trade.active) return { ...reason, rule: 'trade_inactive' };
    if (!trade.areaIds.includes(ticket.areaId)) return { ...reason, rule: 'trade_not_serving_area' };

    const users = await this.loads.of(ticket.communityId, ticket.tradeId);
    if (users.length === 0) return { ...reason, rule: 'no_engineers_in_trade' };
    const ratings = await this.ratings.get(`${ticket.communityId}:${ticket.tradeId}`, () =>
      this.recentRatings(
        manager,
        users.map((user) => user.id),
      ),
    );

    // One pass: the leaders by the rule and the first passed over by name are kept as they come,
    // so a trade of hundreds costs no sort of hundreds.
    const leaders = new Leaders<Ranked>(DISPATCH_REASON_RANKED, byRank);
    const passedOver = new Leaders<DispatchCandidate>(DISPATCH_REASON_PASSED_OVER, (a, b) =>
      byChineseName.compare(a.name, b.name),
    );
    const excludedCounts: Partial<Record<DispatchExclusion, number>> = {};
    let eligible = 0;
    for (const user of users) {
      const inFlight = this.inFlight.get(user.id) ?? 0;
      const openTickets = user.openTickets + inFlight;
      const rating = ratings.get(user.id) ?? null;
      let excluded: DispatchExclusion | undefined;
      if (user.status !== 'active') excluded = 'disabled';
      else if (!user.onDuty) excluded = 'off_duty';
      else if (exclude.includes(user.id)) excluded = 'returned_or_transferred';
      else if (openTickets >= maxOpenPerEngineer) excluded = 'at_capacity';
      if (excluded === undefined) {
        eligible += 1;
        // Busier than the last of a full set of leaders: out without weighing the rest.
        const last = leaders.full ? leaders.items[leaders.items.length - 1]! : null;
        if (last !== null && openTickets > last.openTickets) continue;
        const lastGiven = inFlight > 0 ? Date.now() : user.lastAssignedAt;
        leaders.offer({ user, openTickets, rating, lastGiven });
      } else {
        excludedCounts[excluded] = (excludedCounts[excluded] ?? 0) + 1;
        passedOver.offer({ userId: user.id, name: user.name, openTickets, rating, excluded });
      }
    }
    reason.candidates = [
      ...leaders.items.map(({ user, openTickets, rating }) => ({
        userId: user.id,
        name: user.name,
        openTickets,
        rating,
      })),
      ...passedOver.items,
    ];
    reason.counts = { considered: users.length, eligible, excluded: excludedCounts };
    if (eligible === 0) return { ...reason, rule: 'no_engineer_available' };
    const chosenId = leaders.items[0]!.user.id;
    this.holdUntilTransactionEnds(manager, chosenId);
    return { ...reason, chosenId };
  }

  /** Counts the engineer as given one more order until the caller's transaction ends. */
  private holdUntilTransactionEnds(manager: EntityManager, userId: string): void {
    this.inFlight.set(userId, (this.inFlight.get(userId) ?? 0) + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(userId, left);
      else this.inFlight.delete(userId);
    };
    const timer = setTimeout(release, IN_FLIGHT_LIMIT_MS);
    timer.unref();
    whenTransactionEnds(manager.queryRunner, release);
  }

  private async tradeServing(manager: EntityManager, tradeId: string): Promise<TradeServing | null> {
    const trade = await manager.findOne(TradeEntity, { where: { id: tradeId } });
    if (trade === null) return null;
    const areas = await manager.find(TradeAreaEntity, { select: { areaId: true }, where: { tradeId } });
    return { active: trade.active, areaIds: areas.map((area) => area.areaId) };
  }

  private async recentRatings(manager: EntityManager, userIds: string[]): Promise<Map<string, number>> {
    const since = new Date(Date.now() - RATING_WINDOW_DAYS * 24 * 3600 * 1000);
    const rows = await manager
      .createQueryBuilder(TicketEntity, 'ticket')
      .select('ticket.assigneeId', 'userId')
      .addSelect('AVG(ticket.rating)', 'rating')
      .where('ticket.assigneeId IN (:...userIds)', { userIds })
      .andWhere('ticket.rating IS NOT NULL')
      .andWhere('ticket.closedAt >= :since', { since })
      .groupBy('ticket.assigneeId')
      .getRawMany<{ userId: string; rating: string | number }>();
    return new Map(rows.map((row) => [row.userId, Math.round(Number(row.rating) * 100) / 100]));
  }
}

/** An eligible engineer as the rule weighs them. */
interface Ranked {
  user: Readonly<EngineerLoad>;
  openTickets: number;
  rating: number | null;
  lastGiven: number;
}

/** The rule's order: fewest open, best rating (unrated a little below perfect), longest since given work. */
function byRank(a: Ranked, b: Ranked): number {
  return (
    a.openTickets - b.openTickets ||
    (b.rating ?? UNRATED) - (a.rating ?? UNRATED) ||
    a.lastGiven - b.lastGiven ||
    (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0)
  );
}

/** The first `size` of what is offered, in order, without sorting everything offered. */
class Leaders<T> {
  readonly items: T[] = [];

  constructor(
    private readonly size: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  get full(): boolean {
    return this.items.length === this.size;
  }

  offer(item: T): void {
    const { items } = this;
    if (items.length === this.size && this.compare(item, items[items.length - 1]!) >= 0) return;
    let at = items.length;
    while (at > 0 && this.compare(item, items[at - 1]!) < 0) at -= 1;
    items.splice(at, 0, item);
    if (items.length > this.size) items.pop();
  }
}
