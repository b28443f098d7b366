import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { insertOrConflict } from '../org/communities.service';
import { LocationEntity } from '../org/entities/location.entity';
import type { CreateTradeDto, ListTradesQuery, TradeView, UpdateTradeDto } from './dto/catalog.dto';
import { RepairCategoryEntity } from './entities/repair-category.entity';
import { TradeAreaEntity } from './entities/trade-area.entity';
import { TradeMemberEntity } from './entities/trade-member.entity';
import { TradeEntity } from './entities/trade.entity';
import { inTransaction } from '../../database/transaction';

/** Roles whose holders can be members of a trade (those who repair). */
const REPAIRING_ROLES = ['engineer', 'temp_engineer', 'vendor'] as const;

/**
 * Trades (工种, F9.4) with the areas they serve and the engineers skilled in them: the bindings
 * auto-dispatch reads (category → trade, location → area bound to that trade → its engineers).
 */
@Injectable()
export class TradesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ListTradesQuery): Promise<TradeView[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'trade.read', query.communityId);
    const where: FindOptionsWhere<TradeEntity> = { communityId: query.communityId };
    if (query.active !== undefined) where.active = query.active;
    const trades = await this.dataSource
      .getRepository(TradeEntity)
      .find({ where, order: { name: 'ASC', id: 'ASC' } });
    return this.views(this.dataSource.manager, trades);
  }

  async get(principal: Principal, id: string): Promise<TradeView> {
    const trade = await TenantScope.findOne(
      this.dataSource.getRepository(TradeEntity),
      principal,
      'trade.read',
      id,
      'TRADE_NOT_FOUND',
    );
    return (await this.views(this.dataSource.manager, [trade]))[0]!;
  }

  async create(principal: Principal, dto: CreateTradeDto): Promise<TradeView> {
    const trade = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'trade.manage', dto.communityId);
      const created = manager.create(TradeEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        communityId: dto.communityId,
        code: dto.code,
        name: dto.name,
        description: dto.description ?? '',
        active: true,
      });
      await insertOrConflict(() => manager.save(created));
      await this.audit.recordBy(manager, principal, {
        communityId: created.communityId,
        action: 'trade.create',
        targetType: 'trade',
        targetId: created.id,
        data: { code: dto.code, name: dto.name },
      });
      return created;
    });
    return (await this.views(this.dataSource.manager, [trade]))[0]!;
  }

  async update(principal: Principal, id: string, dto: UpdateTradeDto): Promise<TradeView> {
    return this.change(principal, id, 'trade.update', { ...dto }, async (manager, trade) => {
      Object.assign(trade, dto);
      await manager.save(trade);
    });
  }

  async setAreas(principal: Principal, id: string, areaIds: string[]): Promise<TradeView> {
    const unique = [...new Set(areaIds)];
    return this.change(principal, id, 'trade.areas_set', { areaIds: unique }, async (manager, trade) => {
      const areas = unique.length
        ? await manager.find(LocationEntity, {
            where: { id: In(unique), communityId: trade.communityId, kind: 'area' },
          })
        : [];
      if (areas.length !== unique.length) {
        const found = new Set(areas.map((area) => area.id));
        throw new DomainException('TRADE_AREA_INVALID', 'Every id must be an area of this community', {
          invalid: unique.filter((areaId) => !found.has(areaId)),
        });
      }
      await manager.delete(TradeAreaEntity, { tradeId: trade.id });
      if (unique.length) {
        await manager.insert(
          TradeAreaEntity,
          unique.map((areaId) => ({ tradeId: trade.id, areaId, communityId: trade.communityId })),
        );
      }
    });
  }

  async setMembers(principal: Principal, id: string, userIds: string[]): Promise<TradeView> {
    const unique = [...new Set(userIds)];
    return this.change(principal, id, 'trade.members_set', { userIds: unique }, async (manager, trade) => {
      const grants = unique.length
        ? await manager.find(RoleAssignmentEntity, {
            where: { userId: In(unique), communityId: trade.communityId, role: In([...REPAIRING_ROLES]) },
          })
        : [];
      const eligible = new Set(grants.map((grant) => grant.userId));
      const invalid = unique.filter((userId) => !eligible.has(userId));
      if (invalid.length > 0) {
        throw new DomainException(
          'TRADE_MEMBER_INVALID',
          'Every member must be an engineer of this community',
          { invalid },
        );
      }
      await manager.delete(TradeMemberEntity, { tradeId: trade.id });
      if (unique.length) {
        await manager.insert(
          TradeMemberEntity,
          unique.map((userId) => ({ tradeId: trade.id, userId, communityId: trade.communityId })),
        );
      }
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const trade = await TenantScope.findOne(
        manager.getRepository(TradeEntity),
        principal,
        'trade.manage',
        id,
        'TRADE_NOT_FOUND',
      );
      const categories = await manager.count(RepairCategoryEntity, { where: { tradeId: id } });
      if (categories > 0) {
        throw new DomainException('TRADE_IN_USE', 'Repair categories still use this trade; move them first', {
          categories,
        });
      }
      await manager.delete(TradeEntity, { id });
      await this.audit.recordBy(manager, principal, {
        communityId: trade.communityId,
        action: 'trade.delete',
        targetType: 'trade',
        targetId: trade.id,
        data: { code: trade.code, name: trade.name },
      });
    });
  }

  /** Loads the trade for management, applies a change and records it, in one transaction. */
  private async change(
    principal: Principal,
    id: string,
    action: string,
    data: Record<string, unknown>,
    apply: (manager: EntityManager, trade: TradeEntity) => Promise<void>,
  ): Promise<TradeView> {
    return inTransaction(this.dataSource, async (manager) => {
      const trade = await TenantScope.findOne(
        manager.getRepository(TradeEntity),
        principal,
        'trade.manage',
        id,
        'TRADE_NOT_FOUND',
      );
      await apply(manager, trade);
      await this.audit.recordBy(manager, principal, {
        communityId: trade.communityId,
        action: action,
        targetType: 'trade',
        targetId: trade.id,
        data: data,
      });
      return (await this.views(manager, [trade]))[0]!;
    });
  }

  private async views(manager: EntityManager, trades: TradeEntity[]): Promise<TradeView[]> {
    if (trades.length === 0) return [];
    const ids = trades.map((trade) => trade.id);
    const [areas, members] = await Promise.all([
      manager.find(TradeAreaEntity, { where: { tradeId: In(ids) } }),
      manager.find(TradeMemberEntity, { where: { tradeId: In(ids) } }),
    ]);
    return trades.map((trade) => ({
      id: trade.id,
      communityId: trade.communityId,
      code: trade.code,
      name: trade.name,
      description: trade.description,
      active: trade.active,
      areaIds: areas
        .filter((area) => area.tradeId === trade.id)
        .map((area) => area.areaId)
        .sort(),
      memberIds: members
        .filter((member) => member.tradeId === trade.id)
        .map((member) => member.userId)
        .sort(),
    }));
  }
}
