import { Injectable } from '@nestjs/common';
import {
  OPEN_STATUSES,
  checkReportAgainstForm,
  type CommunitySettings,
  type FormField,
  type TicketAction,
  type TicketStatus,
  type TimeLimitStep,
} from '@smart-repair/shared';
import { DataSource, In, IsNull, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { flushDeferred, pendingInserts } from '../../database/deferred-writes';
import { newId } from '../../database/ids';
import { deepFreeze, ReadCache, ReadCaches } from '../../database/read-cache';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AttachmentsService } from '../attachments/attachments.service';
import { RepairCategoryEntity } from '../catalog/entities/repair-category.entity';
import { TradeMemberEntity } from '../catalog/entities/trade-member.entity';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { UserEntity } from '../identity/entities/user.entity';
import { lineagePath, locationLineage, type LineageNode } from '../org/location-lineage';
import { LocationEntity } from '../org/entities/location.entity';
import { SettingsService } from '../settings/settings.service';
import { DispatchService } from './dispatch.service';
import { FIELD_ROLES } from './engineer-loads';
import type {
  AssistanceDto,
  CompleteDto,
  DispatchDto,
  PlanRequestDto,
  RateDto,
  ReasonDto,
  TransferDto,
} from './dto/actions.dto';
import type { ReportTicketDto } from './dto/report.dto';
import type { MessageView, ReportResultView } from './dto/views.dto';
import { toDetailView, toMessageView } from './tickets.mapper';
import { TicketMessageEntity } from './entities/ticket-message.entity';
import { TicketParticipantEntity } from './entities/ticket-participant.entity';
import { TicketEntity } from './entities/ticket.entity';
import { directParts, TicketAccess } from './ticket-access';
import { SYSTEM, TicketJournal, type Actor, type Change, type FirstStep } from './ticket-journal';
import { TicketNumbers } from './ticket-numbers';
import { ReportBatches } from './report-batches';
import { GENESIS_HASH } from './ticket-chain';

/** Which time limit applies while a ticket is in each status (F2.9). */
const STEP_OF: Partial<Record<TicketStatus, TimeLimitStep>> = {
  reported: 'dispatch',
  accepted: 'dispatch',
  dispatched: 'take',
  assigned: 'start',
  in_repair: 'complete',
  completed: 'acceptance',
  verified: 'rating',
};

export function deadlineFor(settings: CommunitySettings, now: Date, plannedFor?: Date | null) {
  return (status: TicketStatus): Date | null => {
    if (status === 'planned') return plannedFor ?? null;
    const step = STEP_OF[status];
    const minutes = step === undefined ? null : settings.timeLimits[step];
    return minutes === null || minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
  };
}

/**
 * The ticket's use cases (F1.2–F1.7, F2.1–F2.10): each one loads the ticket within the caller's
 * reach, applies one lifecycle action through the journal and does its side effects, all in one
 * transaction.
 */
@Injectable()
export class TicketsService {
  /** What a report looks up by id and rarely changes, cached (READ_CACHE_MS). */
  private readonly lineages: ReadCache<readonly LineageNode[]>;
  private readonly categories: ReadCache<RepairCategoryEntity | null>;
  /** Reporters' names and phones, for the contact a report defaults to. */
  private readonly people: ReadCache<UserEntity | null>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly journal: TicketJournal,
    private readonly numbers: TicketNumbers,
    private readonly dispatcher: DispatchService,
    private readonly settings: SettingsService,
    private readonly attachments: AttachmentsService,
    private readonly batches: ReportBatches,
    caches: ReadCaches,
  ) {
    this.lineages = caches.create('location lineages', [{ entity: LocationEntity }]);
    this.categories = caches.create('repair categories', [{ entity: RepairCategoryEntity }]);
    this.people = caches.create('reporters', [{ entity: UserEntity, ignoreInserts: true }]);
  }

  /** F1.2: a resident's report, or a call the office enters for someone. */
  async report(principal: Principal, dto: ReportTicketDto): Promise<ReportResultView> {
    const manager = this.dataSource.manager;
    await TenantScope.community(manager, principal, 'ticket.report', dto.communityId);
    const office = principal.can('ticket.dispatch', dto.communityId);
    if (dto.onBehalfOfId !== undefined && !office) {
      throw new DomainException('ACTION_NOT_ALLOWED', 'Only the office enters reports for others');
    }
    const reporterId = dto.onBehalfOfId ?? (office ? null : principal.userId);
    const reporter =
      reporterId === null ? null : await this.residentOf(manager, dto.communityId, reporterId, principal);

    const contactName = dto.contactName ?? reporter?.name;
    const contactPhone = dto.contactPhone ?? reporter?.phone ?? undefined;
    const barred = await this.settings.barredReason(dto.communityId, {
      userId: reporterId,
      phone: contactPhone ?? null,
    });
    if (barred !== null)
      throw new DomainException('REPORTER_BARRED', 'Reports from this person are not accepted here', {
        reason: barred,
      });

    const settings = await this.settings.forCommunity(dto.communityId);
    const lineage = await this.lineages.get(dto.locationId, async () =>
      deepFreeze(await locationLineage(manager, dto.locationId)),
    );
    const location = lineage.at(-1);
    if (location === undefined || location.communityId !== dto.communityId) {
      throw new DomainException('LOCATION_NOT_FOUND', 'Location not found in this community', {
        id: dto.locationId,
      });
    }
    const found = await this.categories.get(dto.categoryId, async () =>
      deepFreeze(await manager.findOne(RepairCategoryEntity, { where: { id: dto.categoryId } })),
    );
    const category = found?.communityId === dto.communityId && found.active ? found : null;
    if (category === null)
      throw new DomainException('CATEGORY_NOT_FOUND', 'Category not found in this community', {
        id: dto.categoryId,
      });
    if (
      dto.appointmentStart &&
      dto.appointmentEnd &&
      new Date(dto.appointmentEnd) <= new Date(dto.appointmentStart)
    ) {
      throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: { appointmentEnd: ['appointmentEnd must be after appointmentStart'] },
      });
    }

    const mask = await this.settings.sensitiveWordMasker(dto.communityId);
    const path = lineagePath(lineage);
    const number = await this.numbers.next(dto.communityId);
    const now = new Date();

    // Written with whatever other reports arrive meanwhile (group commit): the work below is
    // the same as alone, and must be repeatable, as a failed batch writes each report again.
    // Where duplicates are linked, reports of one place and category are never written in two
    // transactions at once, so the later one sees the earlier.
    const duplicateKey =
      settings.dispatch.duplicateWindowHours === 0
        ? null
        : `${dto.communityId}:${location.id}:${category.id}`;
    const result = await this.batches.write(duplicateKey, async (tx) => {
      const duplicateOf = await this.openDuplicate(
        tx,
        dto.communityId,
        location.id,
        category.id,
        settings,
        now,
      );
      const ticket: TicketEntity = Object.assign(new TicketEntity(), {
        id: newId(),
        createdAt: now,
        updatedAt: now,
        organizationId: principal.organizationId,
        communityId: dto.communityId,
        number,
        status: 'reported' as const,
        version: 0,
        channel: dto.channel ?? (office ? 'staff' : 'h5'),
        reporterId,
        createdById: principal.userId,
        contactName: contactName ?? '',
        contactPhone: contactPhone ?? '',
        locationId: location.id,
        areaId: location.areaId,
        locationPath: path,
        categoryId: category.id,
        tradeId: category.tradeId,
        description: mask(dto.description ?? ''),
        appointmentStart: dto.appointmentStart ? new Date(dto.appointmentStart) : null,
        appointmentEnd: dto.appointmentEnd ? new Date(dto.appointmentEnd) : null,
        urgency: dto.urgency ?? 'normal',
        dispatchMode: category.dispatchMode,
        assigneeId: null,
        dispatchReason: null,
        duplicateOfId: null,
        faultCause: null,
        handlingMethod: null,
        partsUsed: null,
        rating: null,
        ratingComment: null,
        closeReason: null,
        plannedFor: null,
        stepStartedAt: now,
        stepDeadlineAt: deadlineFor(settings, now)('reported'),
        overdueAt: null,
        escalationLevel: 0,
        lastEventSeq: 0,
        lastEventHash: GENESIS_HASH,
        completedAt: null,
        closedAt: null,
      });
      const claimed = dto.attachmentIds?.length
        ? await this.attachments.claim(tx, principal, {
            attachmentIds: dto.attachmentIds,
            ticketId: ticket.id,
            communityId: dto.communityId,
            purpose: 'report',
          })
        : [];
      this.checkForm(
        settings,
        dto,
        { contactName, contactPhone },
        claimed.map((attachment) => attachment.kind),
      );
      const steps = duplicateOf === null ? await this.firstSteps(tx, ticket, settings, now) : [];
      await this.journal.create(
        tx,
        ticket,
        { userId: principal.userId, role: office ? 'dispatcher' : 'reporter' },
        { channel: ticket.channel, attachments: claimed.length },
        steps,
        now,
      );
      if (duplicateOf !== null)
        await this.linkDuplicate(tx, ticket, duplicateOf, SYSTEM, 'duplicate', settings, now);
      return { ticket, claimed, duplicateOf };
    });

    // Answered from what this use case already holds: no second round of reads.
    const { ticket, claimed, duplicateOf } = result;
    const names = new Map<string, string>();
    if (reporter !== null) names.set(reporter.id, reporter.name);
    const chosen = ticket.dispatchReason?.candidates.find(
      (candidate) => candidate.userId === ticket.assigneeId,
    );
    if (chosen !== undefined) names.set(chosen.userId, chosen.name);
    const view = toDetailView({
      ticket,
      actors: directParts(principal, ticket),
      categoryName: category.name,
      names,
      participants: [],
      duplicateOf,
      attachments: claimed,
    });
    return { ticket: view, duplicateOf: view.duplicateOf };
  }

  /**
   * What the system does with a new report at once: open it for claiming (grab mode), or
   * dispatch it (auto mode; when nobody can take it, the reason is kept for the office).
   */
  private async firstSteps(
    tx: EntityManager,
    ticket: TicketEntity,
    settings: CommunitySettings,
    now: Date,
  ): Promise<FirstStep[]> {
    const deadline = deadlineFor(settings, now);
    if (ticket.dispatchMode === 'grab') {
      return [{ action: 'accept', actor: SYSTEM, change: { data: { pool: 'grab' }, deadline } }];
    }
    if (ticket.dispatchMode !== 'auto') return [];
    const reason = await this.dispatcher.choose(tx, ticket, settings.dispatch.maxOpenPerEngineer);
    if (reason.chosenId === null) {
      ticket.dispatchReason = reason;
      return [];
    }
    return [
      {
        action: 'dispatch',
        actor: SYSTEM,
        change: {
          set: { assigneeId: reason.chosenId, dispatchReason: reason },
          data: { engineerId: reason.chosenId, by: 'system', rule: reason.rule },
          deadline,
        },
      },
    ];
  }

  /** Office actions: accept (受理), dispatch and redispatch, by hand or by the system's choice. */
  async accept(principal: Principal, id: string, note?: string): Promise<void> {
    await this.act(principal, id, 'accept', async () => ({ note: note ?? null }));
  }

  async dispatch(
    principal: Principal,
    id: string,
    dto: DispatchDto,
    action: 'dispatch' | 'redispatch',
  ): Promise<void> {
    await this.act(principal, id, action, async (tx, ticket, settings) =>
      this.assignment(tx, ticket, settings, dto.engineerId, dto.note),
    );
  }

  /** Grab mode: the first eligible engineer to claim wins; everyone after gets 409 (R18). */
  async claim(principal: Principal, id: string): Promise<void> {
    try {
      await this.act(principal, id, 'claim', async () => ({ set: { assigneeId: principal.userId } }));
    } catch (error) {
      // Once claimed the order leaves the pool, so the losers can no longer see it: they learn
      // they were too late, not that it does not exist.
      if (
        error instanceof DomainException &&
        error.code === 'TICKET_NOT_FOUND' &&
        (await this.couldHaveClaimed(principal, id))
      ) {
        throw new DomainException('TICKET_ALREADY_CLAIMED', 'Someone else claimed this order first', { id });
      }
      throw error;
    }
  }

  private async couldHaveClaimed(principal: Principal, id: string): Promise<boolean> {
    const ticket = await this.dataSource.manager.findOneBy(TicketEntity, {
      id,
      organizationId: principal.organizationId,
    });
    return (
      ticket !== null &&
      ticket.dispatchMode === 'grab' &&
      principal.can('ticket.work', ticket.communityId) &&
      (await this.dataSource.manager.exists(TradeMemberEntity, {
        where: { tradeId: ticket.tradeId, userId: principal.userId },
      }))
    );
  }

  async take(principal: Principal, id: string): Promise<void> {
    await this.act(principal, id, 'take', async () => ({}));
  }

  async giveBack(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await this.act(principal, id, 'return', async (tx, ticket) => {
      await tx.delete(TicketParticipantEntity, { ticketId: ticket.id, kind: In(['invitee', 'assistant']) });
      return { set: { assigneeId: null }, note: dto.reason, data: { from: ticket.assigneeId } };
    });
  }

  async transfer(principal: Principal, id: string, dto: TransferDto): Promise<void> {
    if (dto.engineerId === principal.userId) {
      throw new DomainException('ENGINEER_NOT_ELIGIBLE', 'Transfer to someone else', {
        engineerId: dto.engineerId,
      });
    }
    await this.act(principal, id, 'transfer', async (tx, ticket) => {
      await this.requireEngineer(tx, ticket.communityId, dto.engineerId);
      await tx.delete(TicketParticipantEntity, {
        ticketId: ticket.id,
        userId: dto.engineerId,
        kind: In(['invitee', 'assistant']),
      });
      return {
        set: { assigneeId: dto.engineerId },
        note: dto.reason,
        data: { from: ticket.assigneeId, to: dto.engineerId },
      };
    });
  }

  async requestAssistance(principal: Principal, id: string, dto: AssistanceDto): Promise<void> {
    await this.act(principal, id, 'request_assistance', async (tx, ticket) => {
      const invited = [...new Set(dto.engineerIds)].filter((engineerId) => engineerId !== ticket.assigneeId);
      if (invited.length === 0)
        throw new DomainException('ENGINEER_NOT_ELIGIBLE', 'Ask someone other than yourself');
      for (const engineerId of invited) await this.requireEngineer(tx, ticket.communityId, engineerId);
      const existing = await tx.find(TicketParticipantEntity, {
        where: { ticketId: ticket.id, userId: In(invited) },
      });
      const already = new Set(existing.map((row) => row.userId));
      const fresh = invited.filter((engineerId) => !already.has(engineerId));
      if (fresh.length) {
        await tx.insert(
          TicketParticipantEntity,
          fresh.map((userId) => ({
            ticketId: ticket.id,
            userId,
            kind: 'invitee' as const,
            communityId: ticket.communityId,
          })),
        );
      }
      return { note: dto.note ?? null, data: { invited: fresh } };
    });
  }

  async join(principal: Principal, id: string): Promise<void> {
    await this.act(principal, id, 'join', async (tx, ticket) => {
      await tx.delete(TicketParticipantEntity, {
        ticketId: ticket.id,
        userId: principal.userId,
        kind: 'invitee',
      });
      await tx.insert(TicketParticipantEntity, {
        ticketId: ticket.id,
        userId: principal.userId,
        kind: 'assistant',
        communityId: ticket.communityId,
      });
      return {};
    });
  }

  async start(principal: Principal, id: string): Promise<void> {
    await this.act(principal, id, 'start', async () => ({}));
  }

  async complete(principal: Principal, id: string, dto: CompleteDto): Promise<void> {
    await this.act(principal, id, 'complete', async (tx, ticket, _settings, mask) => {
      const photos = dto.attachmentIds?.length
        ? await this.attachments.claim(tx, principal, {
            attachmentIds: dto.attachmentIds,
            ticketId: ticket.id,
            communityId: ticket.communityId,
            purpose: 'completion',
          })
        : [];
      return {
        set: {
          faultCause: dto.faultCause,
          handlingMethod: mask(dto.handlingMethod),
          partsUsed: dto.parts?.map((part) => ({ name: mask(part.name), quantity: part.quantity })) ?? [],
          completedAt: new Date(),
        },
        data: { faultCause: dto.faultCause, parts: dto.parts ?? [], photos: photos.map((photo) => photo.id) },
      };
    });
  }

  async pass(principal: Principal, id: string, note?: string): Promise<void> {
    await this.act(principal, id, 'pass', async () => ({ note: note ?? null }));
  }

  async rework(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await this.act(principal, id, 'rework', async () => ({ set: { completedAt: null }, note: dto.reason }));
  }

  async close(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await this.act(principal, id, 'close', async () => ({
      set: { closeReason: 'closed', closedAt: new Date() },
      note: dto.reason,
    }));
  }

  async rate(principal: Principal, id: string, dto: RateDto): Promise<void> {
    await this.act(principal, id, 'rate', async (_tx, _ticket, _settings, mask) => ({
      set: {
        rating: dto.stars,
        ratingComment: dto.comment ? mask(dto.comment) : null,
        closeReason: 'rated',
        closedAt: new Date(),
      },
      data: { stars: dto.stars },
    }));
  }

  async cancel(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await this.act(principal, id, 'cancel', async () => ({
      set: { closeReason: 'cancelled', closedAt: new Date(), assigneeId: null },
      note: dto.reason,
    }));
  }

  async requestPlan(principal: Principal, id: string, dto: PlanRequestDto): Promise<void> {
    const plannedFor = new Date(dto.plannedFor);
    if (plannedFor.getTime() <= Date.now()) {
      throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: { plannedFor: ['plannedFor must be in the future'] },
      });
    }
    await this.act(principal, id, 'request_plan', async () => ({
      set: { plannedFor },
      note: dto.reason,
      data: { plannedFor: plannedFor.toISOString() },
    }));
  }

  async decidePlan(principal: Principal, id: string, approve: boolean, dto?: ReasonDto): Promise<void> {
    await this.act(
      principal,
      id,
      approve ? 'approve_plan' : 'refuse_plan',
      async (_tx, ticket, settings) => ({
        set: approve ? {} : { plannedFor: null },
        note: dto?.reason ?? null,
        deadline: deadlineFor(settings, new Date(), ticket.plannedFor),
      }),
    );
  }

  async reopen(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await this.act(principal, id, 'reopen', async () => ({
      set: { closeReason: null, closedAt: null, assigneeId: null },
      note: dto.reason,
    }));
  }

  /** Office: this ticket reports the same fault as another; its reporter follows that one. */
  async merge(principal: Principal, id: string, intoTicketId: string): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const { ticket, actors } = await this.access.load(tx, principal, id);
      if (id === intoTicketId) {
        throw new DomainException('VALIDATION_FAILED', 'A ticket cannot duplicate itself', {
          fields: { intoTicketId: ['is this ticket'] },
        });
      }
      const target = await this.access.load(tx, principal, intoTicketId);
      if (
        target.ticket.communityId !== ticket.communityId ||
        !OPEN_STATUSES.includes(target.ticket.status) ||
        target.ticket.duplicateOfId !== null
      ) {
        throw new DomainException(
          'TICKET_STATUS_CONFLICT',
          'Merge into an open ticket of the same community',
          { intoTicketId },
        );
      }
      const settings = await this.settings.forCommunity(ticket.communityId, tx);
      await this.linkDuplicate(
        tx,
        ticket,
        target.ticket,
        { userId: principal.userId, actors },
        'merged',
        settings,
        new Date(),
      );
    });
  }

  /** Office: undo a merge or a duplicate link; the ticket is open again on its own. */
  async split(principal: Principal, id: string, dto: ReasonDto): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const { ticket, actors } = await this.access.load(tx, principal, id);
      if (ticket.duplicateOfId === null) {
        throw new DomainException('TICKET_STATUS_CONFLICT', 'This ticket is not linked to another', { id });
      }
      const original = await tx.findOneByOrFail(TicketEntity, { id: ticket.duplicateOfId });
      const settings = await this.settings.forCommunity(ticket.communityId, tx);
      const now = new Date();
      await this.journal.apply(
        tx,
        ticket,
        'reopen',
        { userId: principal.userId, actors },
        {
          set: { duplicateOfId: null, closeReason: null, closedAt: null },
          note: dto.reason,
          data: { splitFrom: original.id },
          deadline: deadlineFor(settings, now),
          now,
        },
      );
      if (ticket.reporterId !== null) {
        await tx.delete(TicketParticipantEntity, {
          ticketId: original.id,
          userId: ticket.reporterId,
          kind: 'follower',
        });
      }
      await this.journal.mark(
        tx,
        original,
        'split',
        { userId: principal.userId, role: 'dispatcher' },
        { data: { ticketId: ticket.id }, now },
      );
    });
  }

  async postMessage(principal: Principal, id: string, body: string): Promise<MessageView> {
    return inTransaction(this.dataSource, async (tx) => {
      const { ticket, actors } = await this.access.load(tx, principal, id);
      const mask = await this.settings.sensitiveWordMasker(ticket.communityId);
      const message = Object.assign(new TicketMessageEntity(), {
        id: newId(),
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        communityId: ticket.communityId,
        authorId: principal.userId,
        authorRole: actors[0] ?? 'follower',
        body: mask(body),
        createdAt: new Date(),
      });
      await tx.insert(TicketMessageEntity, message);
      const author = await tx.findOneByOrFail(UserEntity, { id: principal.userId });
      return toMessageView(message, author.name);
    });
  }

  /**
   * The scheduler's actions (auto-dispatch, auto-pass, default rating, overdue marks): the same
   * journal, acting as the system.
   */
  async systemAct(
    ticketId: string,
    action: TicketAction,
    change: (tx: EntityManager, ticket: TicketEntity, settings: CommunitySettings) => Promise<Change>,
  ): Promise<boolean> {
    return inTransaction(this.dataSource, async (tx) => {
      const ticket = await tx.findOneBy(TicketEntity, { id: ticketId });
      if (ticket === null) return false;
      const settings = await this.settings.forCommunity(ticket.communityId, tx);
      const now = new Date();
      try {
        await this.journal.apply(tx, ticket, action, SYSTEM, {
          deadline: deadlineFor(settings, now, ticket.plannedFor),
          now,
          ...(await change(tx, ticket, settings)),
        });
        return true;
      } catch (error) {
        // Someone acted first, or the ticket moved on: nothing to do.
        if (
          error instanceof DomainException &&
          ['TICKET_STATUS_CONFLICT', 'ACTION_NOT_ALLOWED', 'NO_ENGINEER_AVAILABLE'].includes(error.code)
        )
          return false;
        throw error;
      }
    });
  }

  /** Auto-dispatch with the system as actor (from reported it also accepts first). */
  async systemDispatch(ticketId: string): Promise<boolean> {
    return inTransaction(this.dataSource, async (tx) => {
      const ticket = await tx.findOneBy(TicketEntity, { id: ticketId });
      if (
        ticket === null ||
        !['reported', 'accepted'].includes(ticket.status) ||
        ticket.dispatchMode === 'grab'
      )
        return false;
      const settings = await this.settings.forCommunity(ticket.communityId, tx);
      return this.autoDispatch(tx, ticket, settings, new Date());
    });
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Loads the ticket for the caller (404 if out of reach), applies the action with the change the
   * use case computes, in one transaction.
   */
  private async act(
    principal: Principal,
    id: string,
    action: TicketAction,
    compute: (
      tx: EntityManager,
      ticket: TicketEntity,
      settings: CommunitySettings,
      mask: (text: string) => string,
    ) => Promise<Change>,
  ): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const { ticket, actors } = await this.access.load(tx, principal, id);
      const settings = await this.settings.forCommunity(ticket.communityId, tx);
      const mask = await this.settings.sensitiveWordMasker(ticket.communityId);
      const now = new Date();
      const change = await compute(tx, ticket, settings, mask);
      await this.journal.apply(
        tx,
        ticket,
        action,
        { userId: principal.userId, actors },
        {
          deadline: deadlineFor(settings, now, change.set?.plannedFor ?? ticket.plannedFor),
          now,
          ...change,
          note: change.note === undefined || change.note === null ? null : mask(change.note),
        },
      );
    });
  }

  /** A manual choice (checked) or the system's choice, as the change of a dispatch action. */
  private async assignment(
    tx: EntityManager,
    ticket: TicketEntity,
    settings: CommunitySettings,
    engineerId: string | undefined,
    note: string | undefined,
  ): Promise<Change> {
    if (engineerId !== undefined) {
      await this.requireEngineer(tx, ticket.communityId, engineerId);
      await tx.delete(TicketParticipantEntity, {
        ticketId: ticket.id,
        userId: engineerId,
        kind: In(['invitee', 'assistant']),
      });
      return {
        set: { assigneeId: engineerId, dispatchReason: null },
        note: note ?? null,
        data: { engineerId, by: 'hand' },
      };
    }
    const reason = await this.dispatcher.choose(
      tx,
      ticket,
      settings.dispatch.maxOpenPerEngineer,
      ticket.assigneeId ? [ticket.assigneeId] : [],
    );
    if (reason.chosenId === null) {
      throw new DomainException('NO_ENGINEER_AVAILABLE', 'No engineer can take this now', { reason });
    }
    return {
      set: { assigneeId: reason.chosenId, dispatchReason: reason },
      note: note ?? null,
      data: { engineerId: reason.chosenId, by: 'system', rule: reason.rule },
    };
  }

  /** The system dispatches; when nobody can take it, the reason is kept for the office to see. */
  private async autoDispatch(
    tx: EntityManager,
    ticket: TicketEntity,
    settings: CommunitySettings,
    now: Date,
  ): Promise<boolean> {
    const reason = await this.dispatcher.choose(tx, ticket, settings.dispatch.maxOpenPerEngineer);
    if (reason.chosenId === null) {
      await tx.update(TicketEntity, { id: ticket.id }, { dispatchReason: reason });
      ticket.dispatchReason = reason;
      return false;
    }
    await this.journal.apply(tx, ticket, 'dispatch', SYSTEM, {
      set: { assigneeId: reason.chosenId, dispatchReason: reason },
      data: { engineerId: reason.chosenId, by: 'system', rule: reason.rule },
      deadline: deadlineFor(settings, now),
      now,
    });
    return true;
  }

  private async linkDuplicate(
    tx: EntityManager,
    ticket: TicketEntity,
    original: TicketEntity,
    actor: Actor,
    closeReason: 'duplicate' | 'merged',
    settings: CommunitySettings,
    now: Date,
  ): Promise<void> {
    // Both tickets may still be rows waiting for the commit (a report written in a batch).
    await flushDeferred(tx);
    await this.journal.apply(tx, ticket, 'close', actor, {
      set: { duplicateOfId: original.id, closeReason, closedAt: now },
      note: `同一故障已在处理：${original.number}`,
      data: { duplicateOf: original.id, number: original.number },
      deadline: deadlineFor(settings, now),
      now,
    });
    if (ticket.reporterId !== null && ticket.reporterId !== original.reporterId) {
      const following = await tx.exists(TicketParticipantEntity, {
        where: { ticketId: original.id, userId: ticket.reporterId, kind: 'follower' },
      });
      if (!following) {
        await tx.insert(TicketParticipantEntity, {
          ticketId: original.id,
          userId: ticket.reporterId,
          kind: 'follower',
          communityId: original.communityId,
        });
      }
    }
    await this.journal.mark(
      tx,
      original,
      'duplicate_linked',
      { userId: actor.userId, role: actor.actors[0] ?? 'system' },
      {
        data: { ticketId: ticket.id, number: ticket.number, how: closeReason },
        now,
      },
    );
  }

  /** The earliest open report of the same fault at the same place in the duplicate window. */
  private async openDuplicate(
    tx: EntityManager,
    communityId: string,
    locationId: string,
    categoryId: string,
    settings: CommunitySettings,
    now: Date,
  ) {
    if (settings.dispatch.duplicateWindowHours === 0) return null;
    const since = new Date(now.getTime() - settings.dispatch.duplicateWindowHours * 3600_000);
    const stored = await tx.findOne(TicketEntity, {
      where: {
        communityId,
        locationId,
        categoryId,
        status: In([...OPEN_STATUSES]),
        duplicateOfId: IsNull(),
        createdAt: MoreThanOrEqual(since),
      },
      order: { createdAt: 'ASC' },
    });
    if (stored !== null) return stored;
    // A report written in the same batch, earlier, is not in the table yet.
    return (
      pendingInserts(tx, TicketEntity).find(
        (ticket) =>
          ticket.communityId === communityId &&
          ticket.locationId === locationId &&
          ticket.categoryId === categoryId &&
          OPEN_STATUSES.includes(ticket.status) &&
          ticket.duplicateOfId === null &&
          ticket.createdAt >= since,
      ) ?? null
    );
  }

  /**
   * The community's form (F1.7): fields the client sent that the form hides are refused; required
   * fields must be present (name and phone filled from the reporter's profile count as given).
   */
  private checkForm(
    settings: CommunitySettings,
    dto: ReportTicketDto,
    contact: { contactName?: string | null; contactPhone?: string | null },
    kinds: string[],
  ): void {
    const sent: Partial<Record<FormField, boolean>> = {
      contactName: dto.contactName !== undefined,
      contactPhone: dto.contactPhone !== undefined,
      location: true,
      category: true,
      description: (dto.description ?? '') !== '',
      appointment: dto.appointmentStart !== undefined || dto.appointmentEnd !== undefined,
      urgency: dto.urgency !== undefined,
      images: kinds.includes('image'),
      video: kinds.includes('video'),
      voice: kinds.includes('audio'),
    };
    const { hidden } = checkReportAgainstForm(settings.form, sent);
    if (hidden.length > 0) {
      throw new DomainException('FORM_FIELD_HIDDEN', 'This community does not take these fields', {
        fields: hidden,
      });
    }
    const { missing } = checkReportAgainstForm(settings.form, {
      ...sent,
      contactName: Boolean(contact.contactName),
      contactPhone: Boolean(contact.contactPhone),
    });
    if (missing.length > 0) {
      throw new DomainException('FORM_FIELD_REQUIRED', 'Fill in the required fields', { fields: missing });
    }
  }

  /** A resident the report is for: someone holding a role in this community. */
  private async residentOf(
    manager: EntityManager,
    communityId: string,
    userId: string,
    principal: Principal,
  ): Promise<Readonly<UserEntity>> {
    // The caller's own roles are already at hand.
    const holds =
      userId === principal.userId
        ? principal.grants.some((grant) => grant.communityId === communityId)
        : await manager.exists(RoleAssignmentEntity, { where: { userId, communityId } });
    const found = holds
      ? await this.people.get(userId, () => manager.findOne(UserEntity, { where: { id: userId } }))
      : null;
    const user = found?.organizationId === principal.organizationId ? found : null;
    if (user === null)
      throw new DomainException('USER_NOT_FOUND', 'No such person in this community', { id: userId });
    return user;
  }

  /** An engineer of this community who is active: the only people work can be handed to. */
  private async requireEngineer(manager: EntityManager, communityId: string, userId: string): Promise<void> {
    const grant = await manager.findOne(RoleAssignmentEntity, {
      where: { userId, communityId, role: In([...FIELD_ROLES]) },
    });
    const user = grant === null ? null : await manager.findOne(UserEntity, { where: { id: userId } });
    if (user === null || user.status !== 'active') {
      throw new DomainException('ENGINEER_NOT_ELIGIBLE', 'Not an active engineer of this community', {
        engineerId: userId,
      });
    }
  }
}
