import { Injectable } from '@nestjs/common';
import {
  OPEN_SURCHARGE_STATUSES,
  requiredApprovals,
  surchargeTotalFen,
  type TicketActor,
  type TicketStatus,
} from '@smart-repair/shared';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { paging, type Page } from '../../common/http/pagination';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AttachmentsService } from '../attachments/attachments.service';
import { UserEntity } from '../identity/entities/user.entity';
import { SettingsService } from '../settings/settings.service';
import { TicketEntity } from '../tickets/entities/ticket.entity';
import { TicketAccess, directParts } from '../tickets/ticket-access';
import { SYSTEM, TicketJournal } from '../tickets/ticket-journal';
import type { ListSurchargesQuery, RequestSurchargeDto, SurchargeView } from './dto/surcharges.dto';
import { SurchargeEntity, type SurchargeApproval } from './entities/surcharge.entity';

/** A surcharge is asked for while the engineer is on the job or has just finished it. */
const REQUESTABLE_IN: readonly TicketStatus[] = ['assigned', 'in_repair', 'completed'];
const FIELD_PARTS: readonly TicketActor[] = ['assignee', 'assistant'];
const OFFICE_PARTS: readonly TicketActor[] = ['dispatcher', 'admin'];

type SurchargeAction = 'approve' | 'refuse' | 'agree' | 'decline' | 'withdraw';

/**
 * Surcharges (F2.7): the engineer's itemised request, the community's approval chain level by
 * level (no one decides two levels, nor their own request), the resident's agreement before
 * anything is charged, and withdrawal. Every decision is a ticket event, written with the change.
 */
@Injectable()
export class SurchargesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly journal: TicketJournal,
    private readonly settings: SettingsService,
    private readonly attachments: AttachmentsService,
  ) {}

  async request(principal: Principal, ticketId: string, dto: RequestSurchargeDto): Promise<SurchargeView> {
    const id = await inTransaction(this.dataSource, async (tx) => {
      const { ticket, actors } = await this.access.load(tx, principal, ticketId);
      const part = FIELD_PARTS.find((candidate) => actors.includes(candidate));
      if (part === undefined)
        throw new DomainException('ACTION_NOT_ALLOWED', 'Only the engineers on the job ask for a surcharge');
      if (!REQUESTABLE_IN.includes(ticket.status))
        throw new DomainException(
          'TICKET_STATUS_CONFLICT',
          `This ticket is ${ticket.status}; no surcharge now`,
          {
            status: ticket.status,
          },
        );
      const open = await tx.exists(SurchargeEntity, {
        where: { ticketId, status: In([...OPEN_SURCHARGE_STATUSES]) },
      });
      if (open) throw new DomainException('SURCHARGE_OPEN', 'This ticket already has a surcharge under way');
      const settings = await this.settings.forCommunity(ticket.communityId);
      const totalFen = surchargeTotalFen(dto.lines);
      if (totalFen > settings.surcharge.maxTotalFen)
        throw new DomainException(
          'SURCHARGE_TOO_LARGE',
          'The surcharge is above what this community allows',
          {
            totalFen,
            maxTotalFen: settings.surcharge.maxTotalFen,
          },
        );
      const mask = await this.settings.sensitiveWordMasker(ticket.communityId);
      const approvals: SurchargeApproval[] = requiredApprovals(
        settings.surcharge.approvalChain,
        totalFen,
      ).map((level) => ({ ...level, decision: null, userId: null, at: null, note: null }));
      const surcharge = Object.assign(new SurchargeEntity(), {
        id: newId(),
        organizationId: ticket.organizationId,
        communityId: ticket.communityId,
        ticketId,
        requestedById: principal.userId,
        reason: dto.reason,
        note: mask(dto.note ?? ''),
        lines: dto.lines.map(({ name, quantity, unitPriceFen }) => ({
          name: mask(name),
          quantity,
          unitPriceFen,
        })),
        totalFen,
        photoIds: [] as string[],
        approvals,
        status: approvals.length > 0 ? ('pending_approval' as const) : ('awaiting_resident' as const),
        outcomeNote: null,
        residentDecidedAt: null,
        paidFen: 0,
        refundedFen: 0,
        version: 0,
      });
      const photos = dto.photoIds?.length
        ? await this.attachments.claim(tx, principal, {
            attachmentIds: dto.photoIds,
            ticketId,
            communityId: ticket.communityId,
            purpose: 'surcharge',
            kinds: ['image'],
          })
        : [];
      surcharge.photoIds = photos.map((photo) => photo.id);
      await tx.insert(SurchargeEntity, surcharge);
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_requested',
        { userId: principal.userId, role: part },
        { data: { surchargeId: surcharge.id, totalFen, reason: dto.reason, levels: approvals.length } },
      );
      if (surcharge.status === 'awaiting_resident') await this.quote(tx, ticket, surcharge);
      return surcharge.id;
    });
    return this.get(principal, id);
  }

  async approve(principal: Principal, id: string, note: string | undefined): Promise<SurchargeView> {
    await this.decide(principal, id, 'approve', async (tx, ticket, surcharge) => {
      const level = currentLevel(surcharge);
      Object.assign(level, {
        decision: 'approved',
        userId: principal.userId,
        at: new Date().toISOString(),
        note: note ?? null,
      });
      const done = surcharge.approvals.every((entry) => entry.decision === 'approved');
      await this.save(tx, surcharge, {
        approvals: surcharge.approvals,
        status: done ? 'awaiting_resident' : 'pending_approval',
      });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_approved',
        { userId: principal.userId, role: level.role },
        {
          note: note ?? null,
          data: { surchargeId: surcharge.id, level: surcharge.approvals.indexOf(level) + 1 },
        },
      );
      if (done) await this.quote(tx, ticket, surcharge);
    });
    return this.get(principal, id);
  }

  async refuse(principal: Principal, id: string, reason: string): Promise<SurchargeView> {
    await this.decide(principal, id, 'refuse', async (tx, ticket, surcharge) => {
      const level = currentLevel(surcharge);
      Object.assign(level, {
        decision: 'refused',
        userId: principal.userId,
        at: new Date().toISOString(),
        note: reason,
      });
      await this.save(tx, surcharge, {
        approvals: surcharge.approvals,
        status: 'refused',
        outcomeNote: reason,
      });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_refused',
        { userId: principal.userId, role: level.role },
        { note: reason, data: { surchargeId: surcharge.id, level: surcharge.approvals.indexOf(level) + 1 } },
      );
    });
    return this.get(principal, id);
  }

  /** The resident agrees to the itemised quote: it becomes payable. */
  async agree(principal: Principal, id: string): Promise<SurchargeView> {
    await this.decide(principal, id, 'agree', async (tx, ticket, surcharge) => {
      await this.save(tx, surcharge, { status: 'awaiting_payment', residentDecidedAt: new Date() });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_agreed',
        { userId: principal.userId, role: 'reporter' },
        { data: { surchargeId: surcharge.id, totalFen: surcharge.totalFen } },
      );
    });
    return this.get(principal, id);
  }

  /** The resident declines, saying why; the engineer and the office hear it. */
  async decline(principal: Principal, id: string, reason: string): Promise<SurchargeView> {
    await this.decide(principal, id, 'decline', async (tx, ticket, surcharge) => {
      await this.save(tx, surcharge, {
        status: 'declined',
        outcomeNote: reason,
        residentDecidedAt: new Date(),
      });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_declined',
        { userId: principal.userId, role: 'reporter' },
        { note: reason, data: { surchargeId: surcharge.id } },
      );
    });
    return this.get(principal, id);
  }

  /** Withdrawn by the engineer who asked, or by the office, before anything is paid. */
  async withdraw(principal: Principal, id: string, reason: string): Promise<SurchargeView> {
    await this.decide(principal, id, 'withdraw', async (tx, ticket, surcharge, actors) => {
      await this.save(tx, surcharge, { status: 'withdrawn', outcomeNote: reason });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_withdrawn',
        { userId: principal.userId, role: OFFICE_PARTS.find((part) => actors.includes(part)) ?? 'assignee' },
        { note: reason, data: { surchargeId: surcharge.id } },
      );
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string): Promise<SurchargeView> {
    const { surcharge, ticket, actors } = await this.load(this.dataSource.manager, principal, id);
    const [view] = await this.views(principal, [{ surcharge, ticket, actors }]);
    return view!;
  }

  async forTicket(principal: Principal, ticketId: string): Promise<SurchargeView[]> {
    const { ticket, actors } = await this.access.load(this.dataSource.manager, principal, ticketId);
    const rows = await this.dataSource.getRepository(SurchargeEntity).find({
      where: { ticketId },
      order: { createdAt: 'DESC' },
    });
    return this.views(
      principal,
      rows.map((surcharge) => ({ surcharge, ticket, actors })),
    );
  }

  /** The office's list: surcharges of the communities where the caller approves them. */
  async list(principal: Principal, query: ListSurchargesQuery): Promise<Page<SurchargeView>> {
    const { page, pageSize, skip } = paging(query);
    const scope = TenantScope.where<SurchargeEntity>(principal, 'surcharge.approve');
    if (scope === null) return { items: [], total: 0, page, pageSize };
    if (query.communityId !== undefined) {
      await TenantScope.community(this.dataSource.manager, principal, 'surcharge.approve', query.communityId);
    }
    const where: FindOptionsWhere<SurchargeEntity> = {
      ...scope,
      ...(query.communityId === undefined ? {} : { communityId: query.communityId }),
      ...(query.status === undefined ? {} : { status: query.status }),
    };
    const [rows, total] = await this.dataSource.getRepository(SurchargeEntity).findAndCount({
      where,
      order: { createdAt: 'DESC' },
      skip,
      take: pageSize,
    });
    // The office sees every ticket of these communities: their parts follow from roles and
    // columns alone (directParts), so one read of the tickets serves the whole page.
    const tickets =
      rows.length === 0
        ? []
        : await this.dataSource
            .getRepository(TicketEntity)
            .findBy({ id: In(rows.map((row) => row.ticketId)), organizationId: principal.organizationId });
    const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
    const loaded = rows.map((surcharge) => {
      const ticket = byId.get(surcharge.ticketId)!;
      return { surcharge, ticket, actors: directParts(principal, ticket) };
    });
    return { items: await this.views(principal, loaded), total, page, pageSize };
  }

  /** Loads, checks the action is open to the caller now, and runs the change in one transaction. */
  private async decide(
    principal: Principal,
    id: string,
    action: SurchargeAction,
    change: (
      tx: EntityManager,
      ticket: TicketEntity,
      surcharge: SurchargeEntity,
      actors: TicketActor[],
    ) => Promise<void>,
  ): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const { surcharge, ticket, actors } = await this.load(tx, principal, id);
      const refusal = this.refusal(principal, surcharge, actors, action);
      if (refusal !== null) throw refusal;
      await change(tx, ticket, surcharge, actors);
    });
  }

  /** Why the caller may not take the action now, or null when they may. */
  private refusal(
    principal: Principal,
    surcharge: SurchargeEntity,
    actors: readonly TicketActor[],
    action: SurchargeAction,
  ): DomainException | null {
    const needed: Record<SurchargeAction, SurchargeEntity['status'][]> = {
      approve: ['pending_approval'],
      refuse: ['pending_approval'],
      agree: ['awaiting_resident'],
      decline: ['awaiting_resident'],
      withdraw: [...OPEN_SURCHARGE_STATUSES],
    };
    if (!needed[action].includes(surcharge.status))
      return new DomainException(
        'SURCHARGE_STATUS_CONFLICT',
        `This surcharge is ${surcharge.status}; ${action} is not possible now`,
        {
          status: surcharge.status,
        },
      );
    const allowed =
      action === 'approve' || action === 'refuse'
        ? this.mayDecideLevel(principal, surcharge)
        : action === 'agree' || action === 'decline'
          ? actors.includes('reporter')
          : surcharge.requestedById === principal.userId ||
            OFFICE_PARTS.some((part) => actors.includes(part));
    return allowed
      ? null
      : new DomainException('ACTION_NOT_ALLOWED', 'You may not do this with this surcharge', { action });
  }

  /**
   * The current level may be decided by someone holding its role here (HQ may decide any level),
   * who did not ask for the surcharge and has not decided another level of it.
   */
  private mayDecideLevel(principal: Principal, surcharge: SurchargeEntity): boolean {
    const level = surcharge.approvals.find((entry) => entry.decision === null);
    if (level === undefined || surcharge.requestedById === principal.userId) return false;
    if (surcharge.approvals.some((entry) => entry.userId === principal.userId)) return false;
    const roles = principal.rolesIn(surcharge.communityId);
    return roles.includes('hq_admin') || roles.includes(level.role);
  }

  /** Approved, or needing no approval: the resident is shown the quote. */
  private async quote(tx: EntityManager, ticket: TicketEntity, surcharge: SurchargeEntity): Promise<void> {
    await this.journal.mark(
      tx,
      ticket,
      'surcharge_quoted',
      { userId: SYSTEM.userId, role: 'system' },
      {
        data: { surchargeId: surcharge.id, totalFen: surcharge.totalFen },
      },
    );
  }

  /** One conditional UPDATE: whoever changed the surcharge in between wins, this one gets 409. */
  private async save(
    tx: EntityManager,
    surcharge: SurchargeEntity,
    set: Partial<SurchargeEntity>,
  ): Promise<void> {
    const result = await tx
      .createQueryBuilder()
      .update(SurchargeEntity)
      .set({ ...set, version: surcharge.version + 1 })
      .where('id = :id AND version = :version', { id: surcharge.id, version: surcharge.version })
      .execute();
    if (result.affected !== 1)
      throw new DomainException(
        'SURCHARGE_STATUS_CONFLICT',
        'Someone else changed this surcharge just now; reload it',
      );
    Object.assign(surcharge, set, { version: surcharge.version + 1 });
  }

  /** A surcharge the caller may see: they see its ticket. Anything else is not found. */
  private async load(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<{ surcharge: SurchargeEntity; ticket: TicketEntity; actors: TicketActor[] }> {
    const surcharge = await manager.findOne(SurchargeEntity, {
      where: { id, organizationId: principal.organizationId },
    });
    if (surcharge === null) throw new DomainException('SURCHARGE_NOT_FOUND', 'Surcharge not found', { id });
    try {
      const { ticket, actors } = await this.access.load(manager, principal, surcharge.ticketId);
      return { surcharge, ticket, actors };
    } catch (error) {
      if (error instanceof DomainException && error.code === 'TICKET_NOT_FOUND')
        throw new DomainException('SURCHARGE_NOT_FOUND', 'Surcharge not found', { id });
      throw error;
    }
  }

  private async views(
    principal: Principal,
    rows: { surcharge: SurchargeEntity; ticket: TicketEntity; actors: TicketActor[] }[],
  ): Promise<SurchargeView[]> {
    const people = new Set<string>();
    for (const { surcharge } of rows) {
      people.add(surcharge.requestedById);
      for (const entry of surcharge.approvals) if (entry.userId !== null) people.add(entry.userId);
    }
    const names = new Map(
      people.size === 0
        ? []
        : (await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...people]) } })).map(
            (user) => [user.id, user.name] as const,
          ),
    );
    const actions: SurchargeAction[] = ['approve', 'refuse', 'agree', 'decline', 'withdraw'];
    return rows.map(({ surcharge, actors }) => ({
      id: surcharge.id,
      ticketId: surcharge.ticketId,
      communityId: surcharge.communityId,
      status: surcharge.status,
      reason: surcharge.reason,
      note: surcharge.note,
      lines: surcharge.lines.map((line) => ({ ...line, amountFen: line.quantity * line.unitPriceFen })),
      totalFen: surcharge.totalFen,
      photoIds: surcharge.photoIds,
      approvals: surcharge.approvals.map((entry) => ({
        role: entry.role,
        fromAmountFen: entry.fromAmountFen,
        decision: entry.decision,
        by: entry.userId === null ? null : (names.get(entry.userId) ?? null),
        at: entry.at,
        note: entry.note,
      })),
      outcomeNote: surcharge.outcomeNote,
      paidFen: surcharge.paidFen,
      refundedFen: surcharge.refundedFen,
      requestedBy: names.get(surcharge.requestedById) ?? '',
      actions: actions.filter((action) => this.refusal(principal, surcharge, actors, action) === null),
      createdAt: surcharge.createdAt.toISOString(),
      updatedAt: surcharge.updatedAt.toISOString(),
    }));
  }
}

/** The first level nobody has decided yet (the caller has checked there is one). */
function currentLevel(surcharge: SurchargeEntity): SurchargeApproval {
  return surcharge.approvals.find((entry) => entry.decision === null)!;
}
