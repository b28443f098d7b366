import { Injectable } from '@nestjs/common';
import { clampPageSize, OPEN_STATUSES, type Permission, type TicketActor } from '@smart-repair/shared';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AttachmentsService } from '../attachments/attachments.service';
import { RepairCategoryEntity } from '../catalog/entities/repair-category.entity';
import { TradeMemberEntity } from '../catalog/entities/trade-member.entity';
import { UserEntity } from '../identity/entities/user.entity';
import { LocationEntity } from '../org/entities/location.entity';
import { FIELD_ROLES } from './engineer-loads';
import { WORKLOAD_STATUSES } from './engineer-workloads';
import type {
  ChainReportView,
  EngineerChoiceView,
  MessageView,
  MineQuery,
  TaskQuery,
  TicketDetailView,
  TicketEventView,
  TicketFilterQuery,
  TicketPageView,
} from './dto/views.dto';
import { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketMessageEntity } from './entities/ticket-message.entity';
import { TicketParticipantEntity } from './entities/ticket-participant.entity';
import { TicketEntity } from './entities/ticket.entity';
import { TicketAccess } from './ticket-access';
import { byChineseName, toDetailView, toMessageView, toSummaryView, type SummaryRow } from './tickets.mapper';
import { verifyChain } from './ticket-chain';
import { ReadCache, ReadCaches } from '../../database/read-cache';

/** Roles that see a community's whole board. */
const BOARD_PERMISSIONS: Permission[] = ['ticket.dispatch', 'ticket.verify', 'ticket.approve'];
const ACTIVE_WORK = ['assigned', 'in_repair', 'plan_pending', 'planned'];
const DONE = ['completed', 'verified', 'closed'];
/** List shapes (query variant and page) whose SQL is kept; more start the collection again. */
const LIST_SQL_SHAPES = 500;

/** Reading tickets: the three lists (mine, my tasks, the board), one ticket, its history. */
@Injectable()
export class TicketQueries {
  /** The tickets each resident follows (few, and rarely changing), for "my tickets". */
  private readonly followed: ReadCache<readonly string[]>;
  /** List queries' SQL by shape: TypeORM writes each shape once, only the parameters change. */
  private readonly listSql = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly attachments: AttachmentsService,
    caches: ReadCaches,
  ) {
    this.followed = caches.create('followed tickets', [{ entity: TicketParticipantEntity }]);
  }

  /**
   * Who the work can be handed to (transfer, assistance, manual dispatch): the community's active
   * field engineers with their open work, the ticket's trade first. For the people who hand it on.
   */
  async engineers(principal: Principal, id: string): Promise<EngineerChoiceView[]> {
    const { ticket, actors } = await this.access.load(this.dataSource.manager, principal, id);
    const handers: TicketActor[] = ['assignee', 'assistant', 'dispatcher', 'admin'];
    if (!actors.some((actor) => handers.includes(actor)))
      throw new DomainException('ACTION_NOT_ALLOWED', 'Only the people working or dispatching it hand it on');
    const users = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .where(
        'user.id IN (SELECT r.userId FROM role_assignments r WHERE r.communityId = :communityId AND r.role IN (:...roles))',
        { communityId: ticket.communityId, roles: [...FIELD_ROLES] },
      )
      .andWhere('user.status = :active', { active: 'active' })
      .getMany();
    if (users.length === 0) return [];
    const ids = users.map((user) => user.id);
    const [members, open] = await Promise.all([
      this.dataSource
        .getRepository(TradeMemberEntity)
        .find({ where: { tradeId: ticket.tradeId, userId: In(ids) } }),
      this.dataSource
        .getRepository(TicketEntity)
        .createQueryBuilder('ticket')
        .select('ticket.assigneeId', 'userId')
        .addSelect('COUNT(*)', 'count')
        .where('ticket.assigneeId IN (:...ids)', { ids })
        .andWhere('ticket.status IN (:...statuses)', { statuses: [...WORKLOAD_STATUSES] })
        .groupBy('ticket.assigneeId')
        .getRawMany<{ userId: string; count: string | number }>(),
    ]);
    const inTrade = new Set(members.map((member) => member.userId));
    const counts = new Map(open.map((row) => [row.userId, Number(row.count)]));
    return users
      .map((user) => ({
        id: user.id,
        name: user.name,
        onDuty: user.onDuty,
        inTrade: inTrade.has(user.id),
        openTickets: counts.get(user.id) ?? 0,
      }))
      .sort(
        (a, b) =>
          Number(b.inTrade) - Number(a.inTrade) ||
          Number(b.onDuty) - Number(a.onDuty) ||
          a.openTickets - b.openTickets ||
          byChineseName.compare(a.name, b.name),
      );
  }

  /** A resident's own reports and the ones they follow, newest first: one query. */
  async mine(principal: Principal, query: MineQuery): Promise<TicketPageView> {
    const followed = await this.followed.get(principal.userId, async () =>
      (
        await this.dataSource.getRepository(TicketParticipantEntity).find({
          select: { ticketId: true },
          where: { userId: principal.userId, kind: 'follower' },
        })
      ).map((row) => row.ticketId),
    );
    // Without followed tickets the query stays on the reporter index, newest first.
    const qb = this.summaries(principal);
    if (followed.length === 0) qb.andWhere('ticket.reporterId = :me', { me: principal.userId });
    else {
      qb.andWhere('(ticket.reporterId = :me OR ticket.id IN (:...followed))', {
        me: principal.userId,
        followed,
      });
    }
    if (query.state === 'open') qb.andWhere('ticket.status IN (:...open)', { open: [...OPEN_STATUSES] });
    if (query.state === 'finished')
      qb.andWhere('ticket.status IN (:...finished)', { finished: ['closed', 'cancelled'] });
    return this.page(principal, qb, query, new Set(), false, `mine:${query.state}:${followed.length > 0}`);
  }

  /** An engineer's inbox: new (sent to me, invitations, orders I may claim), in progress, done, overdue. */
  async tasks(principal: Principal, query: TaskQuery): Promise<TicketPageView> {
    const me = principal.userId;
    const workCommunities = principal.communitiesWith('ticket.work');
    const qb = this.summaries(principal);
    const conditions: string[] = [];
    const bucket = query.bucket;
    if (bucket === undefined || bucket === 'new') {
      conditions.push("(ticket.assigneeId = :me AND ticket.status = 'dispatched')");
      conditions.push(
        "(ticket.status IN ('assigned','in_repair') AND EXISTS (SELECT 1 FROM ticket_participants p WHERE p.ticketId = ticket.id AND p.userId = :me AND p.kind = 'invitee'))",
      );
      const trades = await this.dataSource.getRepository(TradeMemberEntity).find({ where: { userId: me } });
      const tradeIds = trades
        .filter((trade) => workCommunities === ALL_COMMUNITIES || workCommunities.includes(trade.communityId))
        .map((trade) => trade.tradeId);
      if (tradeIds.length > 0) {
        conditions.push(
          "(ticket.status = 'accepted' AND ticket.dispatchMode = 'grab' AND ticket.tradeId IN (:...tradeIds))",
        );
        qb.setParameter('tradeIds', tradeIds);
      }
    }
    if (bucket === undefined || bucket === 'in_progress') {
      conditions.push('(ticket.assigneeId = :me AND ticket.status IN (:...active))');
      conditions.push(
        "(ticket.status IN ('assigned','in_repair') AND EXISTS (SELECT 1 FROM ticket_participants p WHERE p.ticketId = ticket.id AND p.userId = :me AND p.kind = 'assistant'))",
      );
    }
    if (bucket === 'done') conditions.push('(ticket.assigneeId = :me AND ticket.status IN (:...done))');
    if (bucket === 'overdue') {
      conditions.push(
        '(ticket.assigneeId = :me AND ticket.overdueAt IS NOT NULL AND ticket.status IN (:...workload))',
      );
    }
    qb.andWhere(`(${conditions.join(' OR ')})`, {
      me,
      active: ACTIVE_WORK,
      done: DONE,
      workload: [...WORKLOAD_STATUSES],
    });
    return this.page(principal, qb, query, new Set());
  }

  /** The dispatch board: every ticket of the communities the caller runs, with filters. */
  async board(principal: Principal, query: TicketFilterQuery): Promise<TicketPageView> {
    const communities = this.boardCommunities(principal);
    const qb = this.summaries(principal);
    if (query.communityId !== undefined) {
      await TenantScope.community(this.dataSource.manager, principal, 'ticket.read', query.communityId);
      if (communities !== ALL_COMMUNITIES && !communities.includes(query.communityId)) {
        throw new DomainException('PERMISSION_DENIED', 'You do not run this community’s board');
      }
      qb.andWhere('ticket.communityId = :communityId', { communityId: query.communityId });
    } else if (communities !== ALL_COMMUNITIES) {
      if (communities.length === 0)
        throw new DomainException('PERMISSION_DENIED', 'You do not run any board');
      qb.andWhere('ticket.communityId IN (:...communities)', { communities });
    }
    if (query.status?.length) qb.andWhere('ticket.status IN (:...statuses)', { statuses: query.status });
    if (query.categoryId) qb.andWhere('ticket.categoryId = :categoryId', { categoryId: query.categoryId });
    if (query.engineerId) qb.andWhere('ticket.assigneeId = :engineerId', { engineerId: query.engineerId });
    if (query.overdue !== undefined)
      qb.andWhere(query.overdue ? 'ticket.overdueAt IS NOT NULL' : 'ticket.overdueAt IS NULL');
    if (query.from) qb.andWhere('ticket.createdAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('ticket.createdAt < :to', { to: new Date(query.to) });
    if (query.locationId) {
      qb.andWhere('ticket.locationId IN (:...locations)', {
        locations: await this.subtree(principal, query.locationId),
      });
    }
    if (query.q) {
      const like = `%${query.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere("(ticket.number LIKE :like ESCAPE '!' OR ticket.description LIKE :like ESCAPE '!')", {
        like,
      });
    }
    // Phone numbers in full for those who call (dispatchers and admins), not for reviewers (R5).
    const callers = principal.communitiesWith('ticket.dispatch');
    return this.page(
      principal,
      qb,
      query,
      new Set(callers === ALL_COMMUNITIES ? [] : callers),
      callers === ALL_COMMUNITIES,
    );
  }

  async detail(principal: Principal, id: string): Promise<TicketDetailView> {
    const manager = this.dataSource.manager;
    const { ticket, actors } = await this.access.load(manager, principal, id);
    const people = await this.names([ticket.reporterId, ticket.assigneeId]);
    const participants = await manager.find(TicketParticipantEntity, {
      where: { ticketId: ticket.id },
      order: { createdAt: 'ASC' },
    });
    const participantNames = await this.names(participants.map((row) => row.userId));
    const category = await manager.findOneBy(RepairCategoryEntity, { id: ticket.categoryId });
    const duplicateOf =
      ticket.duplicateOfId === null
        ? null
        : await manager.findOneBy(TicketEntity, { id: ticket.duplicateOfId });
    const files = await this.attachments.listForTicket(ticket.id);
    return toDetailView({
      ticket,
      actors,
      categoryName: category?.name ?? null,
      names: new Map([...people, ...participantNames]),
      participants,
      duplicateOf,
      attachments: files,
    });
  }

  async timeline(principal: Principal, id: string): Promise<TicketEventView[]> {
    const { ticket } = await this.access.load(this.dataSource.manager, principal, id);
    const events = await this.dataSource
      .getRepository(TicketEventEntity)
      .find({ where: { ticketId: ticket.id }, order: { seq: 'ASC' } });
    const names = await this.names(events.map((event) => event.actorId));
    return events.map((event) => ({
      seq: event.seq,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actor: event.actorId === null ? null : { id: event.actorId, name: names.get(event.actorId) ?? '' },
      actorRole: event.actorRole,
      note: event.note,
      data: event.data,
      createdAt: event.createdAt.toISOString(),
    }));
  }

  /** Recomputes the hash chain of the ticket's history (an edited history is detected). */
  async verify(principal: Principal, id: string): Promise<ChainReportView> {
    const { ticket } = await this.access.load(this.dataSource.manager, principal, id);
    const events = await this.dataSource
      .getRepository(TicketEventEntity)
      .find({ where: { ticketId: ticket.id }, order: { seq: 'ASC' } });
    const problems = verifyChain(events, ticket.lastEventHash, ticket.lastEventSeq);
    return { valid: problems.length === 0, events: events.length, headHash: ticket.lastEventHash, problems };
  }

  async messages(principal: Principal, id: string): Promise<MessageView[]> {
    const { ticket } = await this.access.load(this.dataSource.manager, principal, id);
    const rows = await this.dataSource.getRepository(TicketMessageEntity).find({
      where: { ticketId: ticket.id },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    const names = await this.names(rows.map((row) => row.authorId));
    return rows.map((row) => toMessageView(row, names.get(row.authorId) ?? ''));
  }

  // ---------------------------------------------------------------------------------------------

  private boardCommunities(principal: Principal) {
    const scopes = BOARD_PERMISSIONS.map((permission) => principal.communitiesWith(permission));
    if (scopes.some((scope) => scope === ALL_COMMUNITIES)) return ALL_COMMUNITIES;
    return [...new Set(scopes.flat() as string[])];
  }

  /** One query for a page of summaries: the ticket with its category and engineer names. */
  private summaries(principal: Principal): SelectQueryBuilder<TicketEntity> {
    return this.dataSource
      .getRepository(TicketEntity)
      .createQueryBuilder('ticket')
      .leftJoin(RepairCategoryEntity, 'category', 'category.id = ticket.categoryId')
      .leftJoin(UserEntity, 'assignee', 'assignee.id = ticket.assigneeId')
      .select([
        'ticket.id AS id',
        'ticket.number AS number',
        'ticket.status AS status',
        'ticket.communityId AS communityId',
        'ticket.categoryId AS categoryId',
        'category.name AS categoryName',
        'ticket.locationId AS locationId',
        'ticket.locationPath AS locationPath',
        'ticket.description AS description',
        'ticket.urgency AS urgency',
        'ticket.channel AS channel',
        'ticket.contactName AS contactName',
        'ticket.contactPhone AS contactPhone',
        'ticket.assigneeId AS assigneeId',
        'assignee.name AS assigneeName',
        'ticket.reporterId AS reporterId',
        'ticket.dispatchMode AS dispatchMode',
        'ticket.overdueAt AS overdueAt',
        'ticket.stepDeadlineAt AS stepDeadlineAt',
        'ticket.rating AS rating',
        'ticket.duplicateOfId AS duplicateOfId',
        'ticket.createdAt AS createdAt',
        'ticket.updatedAt AS updatedAt',
      ])
      .where('ticket.organizationId = :organizationId', { organizationId: principal.organizationId });
  }

  /**
   * Newest first; one row more than the page tells whether another page follows. A `shape` names
   * a query whose SQL text is the same for every caller (only its parameters differ).
   */
  private async page(
    principal: Principal,
    qb: SelectQueryBuilder<TicketEntity>,
    query: { page?: number; pageSize?: number },
    officeCommunities: Set<string>,
    officeEverywhere = false,
    shape?: string,
  ): Promise<TicketPageView> {
    const page = query.page ?? 1;
    const pageSize = clampPageSize(query.pageSize);
    qb.orderBy('ticket.createdAt', 'DESC')
      .addOrderBy('ticket.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize + 1);
    const key = shape === undefined ? undefined : `${shape}:${page}:${pageSize}`;
    let sql = key === undefined ? undefined : this.listSql.get(key);
    if (sql === undefined) {
      sql = qb.getQuery();
      if (key !== undefined) {
        if (this.listSql.size >= LIST_SQL_SHAPES) this.listSql.clear();
        this.listSql.set(key, sql);
      }
    }
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, qb.getParameters());
    const rows = (await this.dataSource.query(text, values)) as SummaryRow[];
    const items = rows.slice(0, pageSize).map((row) => {
      const actors: TicketActor[] = [];
      if (officeEverywhere || officeCommunities.has(row.communityId)) actors.push('dispatcher');
      if (row.reporterId === principal.userId) actors.push('reporter');
      if (row.assigneeId === principal.userId) actors.push('assignee');
      return toSummaryView(row, actors);
    });
    return { items, page, pageSize, hasMore: rows.length > pageSize };
  }

  private async names(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ select: { id: true, name: true }, where: { id: In(wanted) } });
    return new Map(users.map((user) => [user.id, user.name]));
  }

  /** A location and everything below it (the tree is at most four levels deep). */
  private async subtree(principal: Principal, locationId: string): Promise<string[]> {
    const repository = this.dataSource.getRepository(LocationEntity);
    const root = await repository.findOne({
      where: { id: locationId, organizationId: principal.organizationId },
    });
    if (root === null || !principal.canSee(root.communityId)) {
      throw new DomainException('LOCATION_NOT_FOUND', 'Location not found', { id: locationId });
    }
    const ids = [root.id];
    let level = [root.id];
    for (let depth = 0; depth < 4 && level.length > 0; depth += 1) {
      const children = await repository.find({ select: { id: true }, where: { parentId: In(level) } });
      level = children.map((child) => child.id);
      ids.push(...level);
    }
    return ids;
  }
}
