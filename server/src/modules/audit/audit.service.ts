import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { paging, type Page } from '../../common/http/pagination';
import { currentRequestId } from '../../common/logging/request-context';
import { newId } from '../../database/ids';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import type { AuditEventView, ListAuditEventsQuery } from './dto/audit.dto';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditEntry {
  organizationId: string;
  communityId?: string | null;
  /** Null when the system acts on its own. */
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
}

/** Records who changed what; always called with the transaction of the change itself. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, from the communities where the caller may read the audit; organisation-level entries for HQ only. */
  async list(principal: Principal, query: ListAuditEventsQuery): Promise<Page<AuditEventView>> {
    const { page, pageSize, skip } = paging(query);
    const scope = principal.communitiesWith('audit.read');
    const where: FindOptionsWhere<AuditEventEntity> = { organizationId: principal.organizationId };
    if (query.communityId !== undefined) {
      if (scope !== ALL_COMMUNITIES && !scope.includes(query.communityId))
        return { items: [], total: 0, page, pageSize };
      where.communityId = query.communityId;
    } else if (scope !== ALL_COMMUNITIES) {
      where.communityId = In(scope);
    }
    if (query.targetType !== undefined) where.targetType = query.targetType;
    if (query.targetId !== undefined) where.targetId = query.targetId;
    const [rows, total] = await this.dataSource.getRepository(AuditEventEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    return { items: rows.map(toAuditEventView), total, page, pageSize };
  }

  /** A change made by the caller: organisation and actor come from the principal. */
  recordBy(
    manager: EntityManager,
    principal: Principal,
    entry: Omit<AuditEntry, 'organizationId' | 'actorId'>,
  ): Promise<void> {
    return this.record(manager, {
      ...entry,
      organizationId: principal.organizationId,
      actorId: principal.userId,
    });
  }

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.insert(AuditEventEntity, {
      id: newId(),
      organizationId: entry.organizationId,
      communityId: entry.communityId ?? null,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      data: (entry.data ?? null) as never,
      requestId: currentRequestId() ?? null,
    });
  }
}

function toAuditEventView(row: AuditEventEntity): AuditEventView {
  return {
    id: row.id,
    communityId: row.communityId,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    data: row.data,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}
