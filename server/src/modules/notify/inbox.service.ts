import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { paging } from '../../common/http/pagination';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import type { InboxMessageView, InboxPageView, InboxQuery } from './dto/inbox.dto';
import { InboxMessageEntity } from './entities/inbox-message.entity';

/** A person's own in-app messages: nobody else's are ever visible (another's is not found). */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: InboxQuery): Promise<InboxPageView> {
    const { page, pageSize, skip } = paging(query);
    const mine: FindOptionsWhere<InboxMessageEntity> = {
      userId: principal.userId,
      organizationId: principal.organizationId,
    };
    const repository = this.dataSource.getRepository(InboxMessageEntity);
    const rows = await repository.find({
      where: query.unread ? { ...mine, readAt: IsNull() } : mine,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize + 1,
    });
    const unread = await repository.count({ where: { ...mine, readAt: IsNull() } });
    return {
      items: rows.slice(0, pageSize).map(toInboxView),
      unread,
      page,
      pageSize,
      hasMore: rows.length > pageSize,
    };
  }

  async markRead(principal: Principal, id: string): Promise<InboxMessageView> {
    return inTransaction(this.dataSource, async (manager) => {
      const row = await manager.findOneBy(InboxMessageEntity, {
        id,
        userId: principal.userId,
        organizationId: principal.organizationId,
      });
      if (row === null) throw new DomainException('INBOX_MESSAGE_NOT_FOUND', 'Message not found', { id });
      if (row.readAt === null) {
        row.readAt = new Date();
        await manager.update(InboxMessageEntity, { id }, { readAt: row.readAt });
      }
      return toInboxView(row);
    });
  }

  async markAllRead(principal: Principal): Promise<{ marked: number }> {
    const result = await inTransaction(this.dataSource, (manager) =>
      manager.update(
        InboxMessageEntity,
        { userId: principal.userId, organizationId: principal.organizationId, readAt: IsNull() },
        { readAt: new Date() },
      ),
    );
    return { marked: result.affected ?? 0 };
  }
}

function toInboxView(row: InboxMessageEntity): InboxMessageView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    ticketId: row.ticketId,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
