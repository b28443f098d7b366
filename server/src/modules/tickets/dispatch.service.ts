import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TradeAreaEntity } from '../catalog/entities/trade-area.entity';
import { TradeMemberEntity } from '../catalog/entities/trade-member.entity';
import { TradeEntity } from '../catalog/entities/trade.entity';
import { UserEntity } from '../identity/entities/user.entity';
import { TicketEntity, type DispatchReason } from './entities/ticket.entity';

/** Statuses in which a ticket keeps its engineer busy. */
export const WORKLOAD_STATUSES = ['dispatched', 'assigned', 'in_repair', 'plan_pending', 'planned'] as const;
/** Roles that do field work: the people orders can be handed to. */
export const FIELD_ROLES = ['engineer', 'temp_engineer', 'vendor'] as const;
/** Ratings older than this no longer say much about an engineer. */
const RATING_WINDOW_DAYS = 90;
/** What an engineer without ratings counts as: a little below perfect, so proven people go first. */
const UNRATED = 4.5;

/**
 * Auto-dispatch (F2.2): the category's trade, the area the location lies in (the trade must serve
 * it), then among the trade's engineers of this community who are active, on duty and under the
 * open-ticket cap: fewest open tickets first, then the best recent rating, then whoever was
 * given work least recently. Every candidate and why it was passed over is kept as the reason.
 */
@Injectable()
export class DispatchService {
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
    const trade = await manager.findOne(TradeEntity, { where: { id: ticket.tradeId } });
    if (trade === null || !trade.active) return { ...reason, rule: 'trade_inactive' };
    if (
      !(await manager.exists(TradeAreaEntity, { where: { tradeId: ticket.tradeId, areaId: ticket.areaId } }))
    ) {
      return { ...reason, rule: 'trade_not_serving_area' };
    }

    // The trade's engineers holding a field role in this community, with what dispatch needs of them.
    const users = await manager
      .createQueryBuilder(UserEntity, 'user')
      .innerJoin(TradeMemberEntity, 'member', 'member.userId = user.id AND member.tradeId = :tradeId', {
        tradeId: ticket.tradeId,
      })
      .where(
        'EXISTS (SELECT 1 FROM role_assignments r WHERE r.userId = user.id AND r.communityId = :communityId AND r.role IN (:...roles))',
        { communityId: ticket.communityId, roles: [...FIELD_ROLES] },
      )
      .select(['user.id', 'user.name', 'user.status', 'user.onDuty'])
      .getMany();
    if (users.length === 0) return { ...reason, rule: 'no_engineers_in_trade' };
    const engineerIds = users.map((user) => user.id);
    const open = await this.openCounts(manager, engineerIds);
    const ratings = await this.recentRatings(manager, engineerIds);
    const lastGiven = await this.lastAssigned(manager, engineerIds);

    for (const user of users) {
      const openTickets = open.get(user.id) ?? 0;
      const rating = ratings.get(user.id) ?? null;
      let excluded: string | undefined;
      if (user.status !== 'active') excluded = 'disabled';
      else if (!user.onDuty) excluded = 'off_duty';
      else if (exclude.includes(user.id)) excluded = 'returned_or_transferred';
      else if (openTickets >= maxOpenPerEngineer) excluded = 'at_capacity';
      reason.candidates.push({
        userId: user.id,
        name: user.name,
        openTickets,
        rating,
        ...(excluded ? { excluded } : {}),
      });
    }
    const eligible = reason.candidates
      .filter((candidate) => candidate.excluded === undefined)
      .sort(
        (a, b) =>
          a.openTickets - b.openTickets ||
          (b.rating ?? UNRATED) - (a.rating ?? UNRATED) ||
          (lastGiven.get(a.userId) ?? 0) - (lastGiven.get(b.userId) ?? 0) ||
          a.userId.localeCompare(b.userId),
      );
    reason.candidates.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    if (eligible.length === 0) return { ...reason, rule: 'no_engineer_available' };
    return { ...reason, chosenId: eligible[0]!.userId };
  }

  private async openCounts(manager: EntityManager, userIds: string[]): Promise<Map<string, number>> {
    const rows = await manager
      .createQueryBuilder(TicketEntity, 'ticket')
      .select('ticket.assigneeId', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where('ticket.assigneeId IN (:...userIds)', { userIds })
      .andWhere('ticket.status IN (:...statuses)', { statuses: [...WORKLOAD_STATUSES] })
      .groupBy('ticket.assigneeId')
      .getRawMany<{ userId: string; count: string | number }>();
    return new Map(rows.map((row) => [row.userId, Number(row.count)]));
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

  private async lastAssigned(manager: EntityManager, userIds: string[]): Promise<Map<string, number>> {
    const rows = await manager
      .createQueryBuilder(TicketEntity, 'ticket')
      .select('ticket.assigneeId', 'userId')
      .addSelect('MAX(ticket.createdAt)', 'last')
      .where('ticket.assigneeId IN (:...userIds)', { userIds })
      .groupBy('ticket.assigneeId')
      .getRawMany<{ userId: string; last: string | Date }>();
    return new Map(rows.map((row) => [row.userId, new Date(row.last).getTime()]));
  }
}
