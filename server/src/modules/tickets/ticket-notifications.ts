import { Injectable } from '@nestjs/common';
import {
  BAD_RATING_MAX_STARS,
  DEFAULT_NOTIFICATION_RULES,
  type NotificationRule,
  type NotifyAudience,
  type NotifyEvent,
  type Role,
} from '@smart-repair/shared';
import { In, type EntityManager } from 'typeorm';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { OutboxService, type OutboxItem } from '../notify/outbox.service';
import type { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketParticipantEntity } from './entities/ticket-participant.entity';
import type { TicketEntity } from './entities/ticket.entity';

const OFFICE_AUDIENCES: Partial<Record<NotifyAudience, Role>> = {
  dispatchers: 'dispatcher',
  admins: 'admin',
  reviewers: 'reviewer',
};

/**
 * Turns ticket events into outbox messages in the same transaction (R19): the rules say which
 * event tells whom; the person who acted is never told about their own action.
 */
@Injectable()
export class TicketNotifications {
  private readonly rules: readonly NotificationRule[] = DEFAULT_NOTIFICATION_RULES;

  constructor(private readonly outbox: OutboxService) {}

  async onEvents(
    manager: EntityManager,
    ticket: TicketEntity,
    events: readonly TicketEventEntity[],
    previousAssigneeId: string | null,
  ): Promise<void> {
    const items: OutboxItem[] = [];
    for (const event of events) {
      for (const rule of this.rulesFor(event)) {
        const recipients = await this.recipients(manager, ticket, event, rule, previousAssigneeId);
        for (const recipientId of recipients) {
          if (recipientId === event.actorId) continue;
          items.push({
            organizationId: ticket.organizationId,
            communityId: ticket.communityId,
            channel: 'inbox',
            recipientId,
            kind: `ticket.${rule.event}`,
            dedupeKey: `ticket-event:${event.id}:${recipientId}`,
            payload: {
              title: rule.title.replace('{number}', ticket.number),
              body: `${ticket.locationPath}：${ticket.description}`.slice(0, 200),
              ticketId: ticket.id,
              number: ticket.number,
            },
          });
        }
      }
    }
    await this.outbox.enqueue(manager, items, events[0]?.createdAt);
  }

  private rulesFor(event: TicketEventEntity): NotificationRule[] {
    const events: NotifyEvent[] = [event.action as NotifyEvent];
    const stars = (event.data as { stars?: unknown } | null)?.stars;
    if (event.action === 'rate' && typeof stars === 'number' && stars <= BAD_RATING_MAX_STARS)
      events.push('bad_rating');
    return this.rules.filter((rule) => events.includes(rule.event));
  }

  private async recipients(
    manager: EntityManager,
    ticket: TicketEntity,
    event: TicketEventEntity,
    rule: NotificationRule,
    previousAssigneeId: string | null,
  ): Promise<string[]> {
    const data = (event.data ?? {}) as { invited?: unknown; to?: unknown };
    // The escalation ladder: the first step tells the dispatchers, the second the admins.
    const audience: readonly NotifyAudience[] =
      event.action === 'escalated' ? [data.to === 'admin' ? 'admins' : 'dispatchers'] : rule.audience;
    const ids = new Set<string>();
    const office: Role[] = [];
    for (const part of audience) {
      if (part === 'reporter' && ticket.reporterId) ids.add(ticket.reporterId);
      if (part === 'assignee' && ticket.assigneeId) ids.add(ticket.assigneeId);
      if (part === 'previous_assignee' && previousAssigneeId && previousAssigneeId !== ticket.assigneeId)
        ids.add(previousAssigneeId);
      if (part === 'invitees' && Array.isArray(data.invited))
        for (const id of data.invited) if (typeof id === 'string') ids.add(id);
      if (part === 'followers') {
        const followers = await manager.find(TicketParticipantEntity, {
          where: { ticketId: ticket.id, kind: 'follower' },
        });
        for (const row of followers) ids.add(row.userId);
      }
      const role = OFFICE_AUDIENCES[part];
      if (role !== undefined) office.push(role);
    }
    if (office.length > 0) {
      const holders = await manager.find(RoleAssignmentEntity, {
        select: { userId: true },
        where: { communityId: ticket.communityId, role: In(office) },
      });
      for (const row of holders) ids.add(row.userId);
    }
    return [...ids];
  }
}
