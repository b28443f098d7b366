import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '../../common/logging/request-context';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
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
