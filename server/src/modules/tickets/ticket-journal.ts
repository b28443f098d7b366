import { Injectable } from '@nestjs/common';
import {
  actorsAllowedFor,
  transition,
  type TicketAction,
  type TicketActor,
  type TicketStatus,
} from '@smart-repair/shared';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainException } from '../../common/errors/domain.exception';
import { deferInsert } from '../../database/deferred-writes';
import { newId } from '../../database/ids';
import { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketEntity } from './entities/ticket.entity';
import { eventHash } from './ticket-chain';
import { EngineerLoads } from './engineer-loads';
import { recordWorkloads, workloadChanges, type Holding } from './engineer-workloads';
import { TicketNotifications } from './ticket-notifications';

/** Who acts: a person with their parts on the ticket, or the system (scheduler, auto-dispatch). */
export interface Actor {
  userId: string | null;
  actors: readonly TicketActor[];
}

export const SYSTEM: Actor = { userId: null, actors: ['system'] };

/** A step the system takes on a new ticket right away. */
export interface FirstStep {
  action: TicketAction;
  actor: Actor;
  change: Change;
}

export interface Change {
  /** Columns to set along with the new status. */
  set?: Partial<TicketEntity>;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** The time limit of the step the ticket enters (computed by the caller from settings). */
  deadline?: (status: TicketStatus) => Date | null;
  now?: Date;
}

/**
 * Writes every change of a ticket: checks the lifecycle table, updates the row only if nobody
 * changed it meanwhile (version), appends one hash-chained event and keeps the engineers'
 * workload counters — all in the caller's transaction, so a change and its history stand or
 * fall together.
 */
@Injectable()
export class TicketJournal {
  constructor(
    private readonly notifications: TicketNotifications,
    private readonly loads: EngineerLoads,
  ) {}

  /** Applies a lifecycle action; refuses it with 403/409 as the table and the row's version say. */
  async apply(
    manager: EntityManager,
    ticket: TicketEntity,
    action: TicketAction,
    actor: Actor,
    change: Change = {},
  ): Promise<TicketEntity> {
    const result = transition(ticket.status, action, actor.actors);
    if (!result.ok) {
      if (result.refusal === 'ACTOR_NOT_ALLOWED') {
        throw new DomainException('ACTION_NOT_ALLOWED', 'You may not do this on this ticket', {
          action,
          status: ticket.status,
        });
      }
      throw new DomainException(
        action === 'claim' ? 'TICKET_ALREADY_CLAIMED' : 'TICKET_STATUS_CONFLICT',
        `This ticket is ${ticket.status}; ${action} is not possible now`,
        { action, status: ticket.status },
      );
    }
    const role = this.partFor(action, actor);
    return this.write(manager, ticket, action, result.to, { userId: actor.userId, role }, change);
  }

  /** A system mark that keeps the status (overdue, escalated, duplicate_linked, …). */
  mark(
    manager: EntityManager,
    ticket: TicketEntity,
    action: string,
    actor: { userId: string | null; role: string },
    change: Change = {},
  ): Promise<TicketEntity> {
    return this.write(manager, ticket, action, ticket.status, actor, change);
  }

  /**
   * Writes a new ticket with its first steps (the report, then whatever the system does at once:
   * accept into the grab pool, dispatch): each step is checked against the lifecycle table in
   * memory, then the row, its events, counters and messages are written as the transaction commits.
   */
  async create(
    manager: EntityManager,
    ticket: TicketEntity,
    reporter: { userId: string | null; role: string },
    reportData: Record<string, unknown>,
    steps: FirstStep[],
    now: Date,
  ): Promise<TicketEntity> {
    const events = [this.event(ticket, 'report', null, ticket.status, reporter, null, reportData, now)];
    Object.assign(ticket, { lastEventSeq: 1, lastEventHash: events[0]!.hash });
    for (const { action, actor, change } of steps) {
      const result = transition(ticket.status, action, actor.actors);
      if (!result.ok) throw new Error(`A new ticket cannot ${action} from ${ticket.status}`);
      const event = this.event(
        ticket,
        action,
        ticket.status,
        result.to,
        { userId: actor.userId, role: this.partFor(action, actor) },
        change.note ?? null,
        change.data ?? null,
        now,
      );
      Object.assign(ticket, change.set, {
        status: result.to,
        version: ticket.version + 1,
        lastEventSeq: event.seq,
        lastEventHash: event.hash,
        stepStartedAt: now,
        stepDeadlineAt: change.deadline ? change.deadline(result.to) : ticket.stepDeadlineAt,
      });
      events.push(event);
    }
    // Nothing reads a new ticket back in its own transaction (a duplicate link flushes first):
    // its rows wait for the commit, where several reports' rows go in together.
    await deferInsert(manager, TicketEntity, [ticket as QueryDeepPartialEntity<TicketEntity>]);
    await deferInsert(manager, TicketEventEntity, events as QueryDeepPartialEntity<TicketEventEntity>[]);
    await this.countWorkloads(manager, null, ticket, now, { deferred: true });
    await this.notifications.onEvents(manager, ticket, events, null, { deferred: true });
    return ticket;
  }

  private async write(
    manager: EntityManager,
    ticket: TicketEntity,
    action: string,
    to: TicketStatus,
    actor: { userId: string | null; role: string },
    change: Change,
  ): Promise<TicketEntity> {
    const now = change.now ?? new Date();
    const statusChanged = to !== ticket.status;
    const event = this.event(
      ticket,
      action,
      ticket.status,
      to,
      actor,
      change.note ?? null,
      change.data ?? null,
      now,
    );
    const set: Partial<TicketEntity> = {
      ...change.set,
      status: to,
      version: ticket.version + 1,
      lastEventSeq: event.seq,
      lastEventHash: event.hash,
    };
    if (statusChanged) {
      // A new step: its clock starts now and earlier overdue flags no longer apply.
      Object.assign(set, {
        stepStartedAt: now,
        stepDeadlineAt: change.deadline ? change.deadline(to) : null,
        overdueAt: null,
        escalationLevel: 0,
      });
    }
    const result = await manager
      .createQueryBuilder()
      .update(TicketEntity)
      .set(set)
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .execute();
    if (result.affected !== 1) {
      throw new DomainException(
        action === 'claim' ? 'TICKET_ALREADY_CLAIMED' : 'TICKET_STATUS_CONFLICT',
        'Someone else changed this ticket just now; reload it',
        { action },
      );
    }
    await manager.insert(TicketEventEntity, event as QueryDeepPartialEntity<TicketEventEntity>);
    const previousAssigneeId = ticket.assigneeId;
    const before = { assigneeId: ticket.assigneeId, status: ticket.status };
    Object.assign(ticket, set);
    await this.countWorkloads(manager, before, ticket, now);
    await this.notifications.onEvents(manager, ticket, [event], previousAssigneeId);
    return ticket;
  }

  /** The engineers' workload counters after a change: in the database, and in dispatch's read of them. */
  private async countWorkloads(
    manager: EntityManager,
    before: Holding | null,
    after: Holding,
    now: Date,
    options: { deferred?: boolean } = {},
  ): Promise<void> {
    const changes = workloadChanges(before, after, now);
    await recordWorkloads(manager, changes, options);
    this.loads.record(manager, changes);
  }

  private event(
    ticket: TicketEntity,
    action: string,
    from: TicketStatus | null,
    to: TicketStatus,
    actor: { userId: string | null; role: string },
    note: string | null,
    data: Record<string, unknown> | null,
    now: Date,
  ): TicketEventEntity {
    const event = Object.assign(new TicketEventEntity(), {
      id: newId(),
      ticketId: ticket.id,
      organizationId: ticket.organizationId,
      communityId: ticket.communityId,
      seq: ticket.lastEventSeq + 1,
      action,
      fromStatus: from,
      toStatus: to,
      actorId: actor.userId,
      actorRole: actor.role,
      note,
      data,
      createdAt: now,
      prevHash: ticket.lastEventHash,
      hash: '',
    });
    event.hash = eventHash(event);
    return event;
  }

  /** The part that allowed the action, recorded on the event. */
  private partFor(action: TicketAction, actor: Actor): TicketActor {
    const allowed = actorsAllowedFor(action);
    return actor.actors.find((part) => allowed.includes(part)) ?? actor.actors[0]!;
  }
}
