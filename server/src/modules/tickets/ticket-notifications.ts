import { Injectable } from '@nestjs/common';
import {
  BAD_RATING_MAX_STARS,
  TICKET_STATUS_LABELS,
  fitWechatKeyword,
  formatNoticeTime,
  renderNotifyText,
  ticketPage,
  type NotificationRule,
  type NotifyAudience,
  type NotifyChannel,
  type NotifyPlaceholder,
  type PlatformAppKind,
  type Role,
} from '@smart-repair/shared';
import { In, type EntityManager } from 'typeorm';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { PlatformIdentityEntity } from '../identity/entities/platform-identity.entity';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { NotificationRulesService } from '../notify/notification-rules.service';
import { OutboxService, type OutboxItem } from '../notify/outbox.service';
import type { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketParticipantEntity } from './entities/ticket-participant.entity';
import type { TicketEntity } from './entities/ticket.entity';

const OFFICE_AUDIENCES: Partial<Record<NotifyAudience, Role>> = {
  dispatchers: 'dispatcher',
  admins: 'admin',
  reviewers: 'reviewer',
};

/** The account a person needs for each platform channel. */
const CHANNEL_KIND: Record<NotifyChannel, PlatformAppKind> = {
  wechat_subscribe: 'wechat_miniprogram',
  wecom_card: 'wecom',
  dingtalk_notice: 'dingtalk',
};

/**
 * Who has which platform account changes seldom and only decides which channels a message also
 * goes out on: reread once a minute (a link made through this process is seen at once).
 */
const PLATFORM_ACCOUNTS_CACHE_MS = 60_000;

/** One rule's message to one person about one event. */
interface Notice {
  event: TicketEventEntity;
  rule: NotificationRule;
  recipientId: string;
}

/**
 * Turns ticket events into outbox messages in the same transaction (R19): the organisation's
 * rules say which event tells whom and on which platforms; the person who acted is never told
 * about their own action. Every message goes to the inbox; a platform message is added for each
 * of the rule's channels on which the person has an account.
 */
@Injectable()
export class TicketNotifications {
  /** The platforms each person has an account on (user ids are unique across organisations). */
  private readonly platformKinds: ReadCache<readonly string[]>;

  constructor(
    private readonly outbox: OutboxService,
    private readonly rules: NotificationRulesService,
    caches: ReadCaches,
  ) {
    this.platformKinds = caches.create(
      'platform accounts',
      [{ entity: PlatformIdentityEntity }],
      PLATFORM_ACCOUNTS_CACHE_MS,
    );
  }

  async onEvents(
    manager: EntityManager,
    ticket: TicketEntity,
    events: readonly TicketEventEntity[],
    previousAssigneeId: string | null,
    { deferred = false } = {},
  ): Promise<void> {
    const rules = await this.rules.rulesFor(manager, ticket.organizationId);
    const notices: Notice[] = [];
    // Read at most once per change, and never for a new ticket: nobody follows it yet.
    let followers: Promise<string[]> | undefined;
    const followersOf = () =>
      (followers ??= events.some((event) => event.action === 'report')
        ? Promise.resolve([])
        : manager
            .find(TicketParticipantEntity, { where: { ticketId: ticket.id, kind: 'follower' } })
            .then((rows) => rows.map((row) => row.userId)));
    for (const event of events) {
      for (const rule of rulesFor(rules, event)) {
        const recipients = await this.recipients(
          manager,
          ticket,
          event,
          rule,
          previousAssigneeId,
          followersOf,
        );
        for (const recipientId of recipients)
          if (recipientId !== event.actorId) notices.push({ event, rule, recipientId });
      }
    }
    if (notices.length === 0) return;
    const accounts = await this.accounts(manager, ticket.organizationId, notices);
    const items: OutboxItem[] = [];
    for (const notice of notices) {
      items.push(...this.messages(ticket, notice, accounts.get(notice.recipientId) ?? new Set()));
    }
    await this.outbox.enqueue(manager, items, events[0]?.createdAt, { deferred });
  }

  /** The inbox message, and one per channel the person can be reached on. */
  private messages(
    ticket: TicketEntity,
    { event, rule, recipientId }: Notice,
    kinds: Set<string>,
  ): OutboxItem[] {
    const values: Partial<Record<NotifyPlaceholder, string>> = {
      number: ticket.number,
      status: TICKET_STATUS_LABELS[ticket.status],
      location: ticket.locationPath,
      description: ticket.description,
      time: formatNoticeTime(event.createdAt),
    };
    const title = renderNotifyText(rule.title, values).slice(0, 200);
    values.title = title;
    const body = `${ticket.locationPath}：${ticket.description}`.slice(0, 200);
    const common = {
      organizationId: ticket.organizationId,
      communityId: ticket.communityId,
      recipientId,
      ticketId: ticket.id,
      kind: `ticket.${rule.event}`,
    };
    const items: OutboxItem[] = [
      {
        ...common,
        channel: 'inbox',
        dedupeKey: `ticket-event:${event.id}:${recipientId}`,
        payload: { title, body, ticketId: ticket.id, number: ticket.number },
      },
    ];
    for (const channel of rule.channels) {
      if (!kinds.has(CHANNEL_KIND[channel])) continue;
      const payload: Record<string, unknown> = {
        title,
        body,
        ticketId: ticket.id,
        number: ticket.number,
        status: values.status,
        location: ticket.locationPath,
        time: values.time,
        page: ticketPage(ticket.id),
      };
      if (channel === 'wechat_subscribe') {
        const template = rule.templates.wechat_subscribe;
        if (!template?.templateId) continue; // no template chosen: WeChat cannot carry it
        payload.templateId = template.templateId;
        payload.data = Object.fromEntries(
          Object.entries(template.data).map(([keyword, text]) => [
            keyword,
            fitWechatKeyword(keyword, renderNotifyText(text, values)),
          ]),
        );
      } else {
        const heading = rule.templates[channel]?.title;
        if (heading !== undefined) payload.title = renderNotifyText(heading, values).slice(0, 200);
      }
      items.push({
        ...common,
        channel,
        dedupeKey: `ticket-event:${event.id}:${recipientId}:${channel}`,
        payload,
      });
    }
    return items;
  }

  /** Which platform accounts each person has, for the channels the rules ask for (one query). */
  private async accounts(
    manager: EntityManager,
    organizationId: string,
    notices: readonly Notice[],
  ): Promise<Map<string, Set<string>>> {
    const kinds = new Set<PlatformAppKind>();
    const people = new Set<string>();
    for (const { rule, recipientId } of notices) {
      for (const channel of rule.channels) {
        if (channel === 'wechat_subscribe' && !rule.templates.wechat_subscribe?.templateId) continue;
        kinds.add(CHANNEL_KIND[channel]);
        people.add(recipientId);
      }
    }
    const accounts = new Map<string, Set<string>>();
    for (const userId of people) {
      const held = await this.platformKinds.get(userId, async () =>
        (
          await manager.find(PlatformIdentityEntity, {
            select: { kind: true },
            where: { organizationId, userId },
          })
        ).map((row) => row.kind),
      );
      accounts.set(userId, new Set(held.filter((kind) => kinds.has(kind as PlatformAppKind))));
    }
    return accounts;
  }

  private async recipients(
    manager: EntityManager,
    ticket: TicketEntity,
    event: TicketEventEntity,
    rule: NotificationRule,
    previousAssigneeId: string | null,
    followersOf: () => Promise<string[]>,
  ): Promise<string[]> {
    const data = (event.data ?? {}) as { invited?: unknown; to?: unknown };
    // The escalation ladder: the first step tells the dispatchers, the second the admins; the
    // rule's other audiences (the assignee, say) hear of every step.
    const audience: readonly NotifyAudience[] =
      event.action === 'escalated'
        ? [
            ...rule.audience.filter((part) => OFFICE_AUDIENCES[part] === undefined),
            data.to === 'admin' ? 'admins' : 'dispatchers',
          ]
        : rule.audience;
    const ids = new Set<string>();
    const office: Role[] = [];
    for (const part of audience) {
      if (part === 'reporter' && ticket.reporterId) ids.add(ticket.reporterId);
      if (part === 'assignee' && ticket.assigneeId) ids.add(ticket.assigneeId);
      if (part === 'previous_assignee' && previousAssigneeId && previousAssigneeId !== ticket.assigneeId)
        ids.add(previousAssigneeId);
      if (part === 'invitees' && Array.isArray(data.invited))
        for (const id of data.invited) if (typeof id === 'string') ids.add(id);
      if (part === 'followers') for (const id of await followersOf()) ids.add(id);
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

/** The enabled rules an event triggers; a low rating is also a bad rating. */
function rulesFor(rules: readonly NotificationRule[], event: TicketEventEntity): NotificationRule[] {
  const events: string[] = [event.action];
  const stars = (event.data as { stars?: unknown } | null)?.stars;
  if (event.action === 'rate' && typeof stars === 'number' && stars <= BAD_RATING_MAX_STARS)
    events.push('bad_rating');
  return rules.filter((rule) => rule.enabled && events.includes(rule.event));
}
