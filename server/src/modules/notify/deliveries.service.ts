import { Injectable } from '@nestjs/common';
import { And, DataSource, In, LessThan, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { paging } from '../../common/http/pagination';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { UserEntity } from '../identity/entities/user.entity';
import type {
  DeliveryAttemptView,
  DeliveryDetailView,
  DeliveryPageView,
  DeliveryQuery,
  DeliveryView,
} from './dto/deliveries.dto';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/**
 * What was sent to whom, how, and how each attempt went: admins see their communities'
 * deliveries, HQ the whole organisation's (including those about no community).
 */
@Injectable()
export class DeliveriesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: DeliveryQuery): Promise<DeliveryPageView> {
    const { page, pageSize, skip } = paging(query);
    const where = this.scope(principal, query.communityId);
    if (where === null) return { items: [], total: 0, page, pageSize };
    if (query.status !== undefined) where.status = query.status;
    if (query.channel !== undefined) where.channel = query.channel;
    if (query.recipientId !== undefined) where.recipientId = query.recipientId;
    if (query.ticketId !== undefined) where.ticketId = query.ticketId;
    const from = query.from === undefined ? undefined : MoreThanOrEqual(new Date(query.from));
    const to = query.to === undefined ? undefined : LessThan(new Date(query.to));
    if (from !== undefined && to !== undefined) where.createdAt = And(from, to);
    else if (from ?? to) where.createdAt = from ?? to;
    const [rows, total] = await this.dataSource.getRepository(OutboxMessageEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    const names = await this.namesOf(rows.map((row) => row.recipientId));
    return { items: rows.map((row) => toView(row, names)), total, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<DeliveryDetailView> {
    const where = this.scope(principal, undefined);
    const row =
      where === null
        ? null
        : await this.dataSource.getRepository(OutboxMessageEntity).findOneBy({ ...where, id });
    // Deliveries and inbox messages share their ids; no code of its own yet.
    if (row === null)
      throw new DomainException('NOTIFICATION_DELIVERY_NOT_FOUND', 'Delivery not found', { id });
    const attempts = await this.dataSource.getRepository(DeliveryAttemptEntity).find({
      where: { outboxId: id },
      order: { startedAt: 'ASC', id: 'ASC' },
    });
    return {
      ...toView(row, await this.namesOf([row.recipientId])),
      payload: row.payload,
      attemptLog: attempts.map(toAttemptView),
    };
  }

  /** The rows the caller may see; null when a named community is not one of theirs. */
  private scope(
    principal: Principal,
    communityId: string | undefined,
  ): FindOptionsWhere<OutboxMessageEntity> | null {
    const communities = principal.communitiesWith('notification.manage');
    const where: FindOptionsWhere<OutboxMessageEntity> = { organizationId: principal.organizationId };
    if (communityId !== undefined) {
      if (communities !== ALL_COMMUNITIES && !communities.includes(communityId)) return null;
      where.communityId = communityId;
    } else if (communities !== ALL_COMMUNITIES) {
      if (communities.length === 0) return null;
      where.communityId = In(communities);
    }
    return where;
  }

  private async namesOf(userIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Map();
    const users = await this.dataSource.getRepository(UserEntity).find({
      select: { id: true, name: true },
      where: { id: In(unique) },
    });
    return new Map(users.map((user) => [user.id, user.name]));
  }
}

function toView(row: OutboxMessageEntity, names: Map<string, string>): DeliveryView {
  const payload = row.payload as { title?: unknown; number?: unknown };
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    status: row.status,
    recipientId: row.recipientId,
    recipientName: names.get(row.recipientId) ?? null,
    communityId: row.communityId,
    ticketId: row.ticketId,
    ticketNumber: typeof payload.number === 'string' ? payload.number : null,
    title: typeof payload.title === 'string' ? payload.title : row.kind,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt === null ? null : row.sentAt.toISOString(),
  };
}

function toAttemptView(row: DeliveryAttemptEntity): DeliveryAttemptView {
  return {
    id: row.id,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt === null ? null : row.finishedAt.toISOString(),
    outcome: row.outcome,
    errorCode: row.errorCode,
    error: row.error,
  };
}
