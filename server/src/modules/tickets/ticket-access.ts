import { Injectable } from '@nestjs/common';
import { maskPhone, type TicketActor } from '@smart-repair/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import type { Principal } from '../../tenancy/principal';
import { TradeMemberEntity } from '../catalog/entities/trade-member.entity';
import type { TicketAccess as TicketVisibility } from '../attachments/ticket-access';
import { TicketParticipantEntity } from './entities/ticket-participant.entity';
import { TicketEntity } from './entities/ticket.entity';

/**
 * Who someone is on one ticket, and so what they may see and do there. Office roles come from
 * the community (hq_admin counts as admin); the rest from the ticket: reporter, assignee,
 * assistants, invitees, followers, and candidates of a ticket open for claiming.
 */
@Injectable()
export class TicketAccess implements TicketVisibility {
  constructor(private readonly dataSource: DataSource) {}

  async actorsOn(manager: EntityManager, principal: Principal, ticket: TicketEntity): Promise<TicketActor[]> {
    return (await this.parts(manager, principal, ticket)).actors;
  }

  /** The caller's parts on the ticket, and whether they follow it (one read of their rows). */
  private async parts(
    manager: EntityManager,
    principal: Principal,
    ticket: TicketEntity,
  ): Promise<{ actors: TicketActor[]; following: boolean }> {
    if (ticket.organizationId !== principal.organizationId) return { actors: [], following: false };
    const actors = new Set<TicketActor>(directParts(principal, ticket));
    const rows = await manager.find(TicketParticipantEntity, {
      where: { ticketId: ticket.id, userId: principal.userId },
    });
    for (const row of rows) {
      if (row.kind === 'assistant') actors.add('assistant');
      if (row.kind === 'invitee') actors.add('invitee');
    }
    if (
      ticket.dispatchMode === 'grab' &&
      ticket.status === 'accepted' &&
      principal.can('ticket.work', ticket.communityId) &&
      (await manager.exists(TradeMemberEntity, {
        where: { tradeId: ticket.tradeId, userId: principal.userId },
      }))
    ) {
      actors.add('candidate');
    }
    return { actors: [...actors], following: rows.some((row) => row.kind === 'follower') };
  }

  /** Followers see a ticket (they reported the same fault) without acting on it. */
  async canSee(principal: Principal, ticketId: string): Promise<boolean> {
    const ticket = await this.dataSource.manager.findOne(TicketEntity, {
      where: { id: ticketId, organizationId: principal.organizationId },
    });
    return ticket !== null && (await this.visibility(this.dataSource.manager, principal, ticket)) !== null;
  }

  /**
   * Loads a ticket the caller may see, with their parts on it; anything else is not found, so a
   * ticket's existence is never confirmed to someone who may not see it.
   */
  async load(
    manager: EntityManager,
    principal: Principal,
    ticketId: string,
  ): Promise<{ ticket: TicketEntity; actors: TicketActor[] }> {
    const ticket = await manager.findOne(TicketEntity, {
      where: { id: ticketId, organizationId: principal.organizationId },
    });
    const actors = ticket === null ? null : await this.visibility(manager, principal, ticket);
    if (ticket === null || actors === null) {
      throw new DomainException('TICKET_NOT_FOUND', 'Ticket not found', { id: ticketId });
    }
    return { ticket, actors };
  }

  /** The caller's parts on the ticket if they may see it, else null. */
  private async visibility(
    manager: EntityManager,
    principal: Principal,
    ticket: TicketEntity,
  ): Promise<TicketActor[] | null> {
    if (!principal.can('ticket.read', ticket.communityId)) return null;
    const { actors, following } = await this.parts(manager, principal, ticket);
    return actors.length > 0 || following ? actors : null;
  }
}

/** The parts that follow from the caller's roles and the ticket's own columns, with no reading. */
export function directParts(
  principal: Principal,
  ticket: Pick<TicketEntity, 'communityId' | 'reporterId' | 'assigneeId'>,
): TicketActor[] {
  const actors: TicketActor[] = [];
  const roles = principal.rolesIn(ticket.communityId);
  if (roles.includes('admin') || roles.includes('hq_admin')) actors.push('admin');
  if (roles.includes('dispatcher')) actors.push('dispatcher');
  if (roles.includes('reviewer')) actors.push('reviewer');
  if (ticket.reporterId === principal.userId) actors.push('reporter');
  if (ticket.assigneeId === principal.userId) actors.push('assignee');
  return actors;
}

/** Parts on a ticket that are entitled to call the contact: they see the number in full (R5). */
const CALLERS: readonly TicketActor[] = ['reporter', 'assignee', 'assistant', 'dispatcher', 'admin'];

export function visiblePhone(phone: string, actors: readonly TicketActor[]): string {
  return actors.some((actor) => CALLERS.includes(actor)) ? phone : maskPhone(phone);
}
