import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { insertOrConflict } from '../org/communities.service';
import type {
  CategoryView,
  CreateCategoryDto,
  ListCategoriesQuery,
  UpdateCategoryDto,
} from './dto/catalog.dto';
import { RepairCategoryEntity } from './entities/repair-category.entity';
import { TradeEntity } from './entities/trade.entity';
import { inTransaction } from '../../database/transaction';

/** Repair categories (报修产品, F9.6), each bound to the trade that repairs it. */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ListCategoriesQuery): Promise<CategoryView[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'category.read', query.communityId);
    const where: FindOptionsWhere<RepairCategoryEntity> = { communityId: query.communityId };
    if (query.tradeId !== undefined) where.tradeId = query.tradeId;
    if (query.active !== undefined) where.active = query.active;
    const order =
      query.orderBy === 'name'
        ? ({ name: 'ASC', id: 'ASC' } as const)
        : ({ sortOrder: 'ASC', name: 'ASC', id: 'ASC' } as const);
    const rows = await this.dataSource.getRepository(RepairCategoryEntity).find({ where, order });
    return rows.map(toCategoryView);
  }

  async get(principal: Principal, id: string): Promise<CategoryView> {
    return toCategoryView(await this.find(this.dataSource.manager, principal, 'category.read', id));
  }

  async create(principal: Principal, dto: CreateCategoryDto): Promise<CategoryView> {
    const category = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'category.manage', dto.communityId);
      await this.requireTrade(manager, dto.communityId, dto.tradeId);
      const created = manager.create(RepairCategoryEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        communityId: dto.communityId,
        tradeId: dto.tradeId,
        code: dto.code,
        name: dto.name,
        description: dto.description ?? '',
        active: true,
        sortOrder: dto.sortOrder ?? 0,
        dispatchMode: dto.dispatchMode ?? 'auto',
      });
      await insertOrConflict(() => manager.save(created));
      await this.audit.recordBy(manager, principal, {
        communityId: created.communityId,
        action: 'category.create',
        targetType: 'category',
        targetId: created.id,
        data: {
          code: dto.code,
          name: dto.name,
          tradeId: dto.tradeId,
        },
      });
      return created;
    });
    return toCategoryView(category);
  }

  async update(principal: Principal, id: string, dto: UpdateCategoryDto): Promise<CategoryView> {
    const category = await inTransaction(this.dataSource, async (manager) => {
      const current = await this.find(manager, principal, 'category.manage', id);
      if (dto.tradeId !== undefined) await this.requireTrade(manager, current.communityId, dto.tradeId);
      Object.assign(current, dto);
      await manager.save(current);
      await this.audit.recordBy(manager, principal, {
        communityId: current.communityId,
        action: 'category.update',
        targetType: 'category',
        targetId: current.id,
        data: { ...dto },
      });
      return current;
    });
    return toCategoryView(category);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const current = await this.find(manager, principal, 'category.manage', id);
      await manager.delete(RepairCategoryEntity, { id });
      await this.audit.recordBy(manager, principal, {
        communityId: current.communityId,
        action: 'category.delete',
        targetType: 'category',
        targetId: current.id,
        data: {
          code: current.code,
          name: current.name,
        },
      });
    });
  }

  private find(
    manager: EntityManager,
    principal: Principal,
    permission: 'category.read' | 'category.manage',
    id: string,
  ) {
    return TenantScope.findOne(
      manager.getRepository(RepairCategoryEntity),
      principal,
      permission,
      id,
      'CATEGORY_NOT_FOUND',
    );
  }

  /** The trade must be one of the same community (another community's is "not found"). */
  private async requireTrade(manager: EntityManager, communityId: string, tradeId: string): Promise<void> {
    if (!(await manager.exists(TradeEntity, { where: { id: tradeId, communityId } }))) {
      throw new DomainException('TRADE_NOT_FOUND', 'Trade not found in this community', { id: tradeId });
    }
  }
}

function toCategoryView(category: RepairCategoryEntity): CategoryView {
  return {
    id: category.id,
    communityId: category.communityId,
    tradeId: category.tradeId,
    code: category.code,
    name: category.name,
    description: category.description,
    active: category.active,
    sortOrder: category.sortOrder,
    dispatchMode: category.dispatchMode,
  };
}
