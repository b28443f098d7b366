import { Injectable } from '@nestjs/common';
import { canPlaceLocation } from '@smart-repair/shared';
import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { insertOrConflict } from './communities.service';
import type {
  CreateLocationDto,
  ListLocationsQuery,
  LocationDetailView,
  LocationTreeNode,
  LocationView,
  UpdateLocationDto,
} from './dto/org.dto';
import { LocationEntity } from './entities/location.entity';
import { lineagePath, locationLineage } from './location-lineage';
import { toLocationView } from './org.mapper';
import { inTransaction } from '../../database/transaction';

const LIST_LIMIT_MAX = 1000;
const TREE_LIMIT = 20_000;
const ORDER = { sortOrder: 'ASC', name: 'ASC', id: 'ASC' } as const;

/** A community's location tree (F9.5): areas › buildings › floors › rooms, and public places. */
@Injectable()
export class LocationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(LocationEntity);
  }

  async list(principal: Principal, query: ListLocationsQuery): Promise<LocationView[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'location.read', query.communityId);
    const where: FindOptionsWhere<LocationEntity> = { communityId: query.communityId };
    if (query.parentId === 'root') where.parentId = IsNull();
    else if (query.parentId !== undefined) where.parentId = query.parentId;
    if (query.kind !== undefined) where.kind = query.kind;
    const take = Math.min(Math.max(query.limit ?? LIST_LIMIT_MAX, 1), LIST_LIMIT_MAX);
    const rows = await this.repository.find({ where, order: ORDER, take });
    return rows.map(toLocationView);
  }

  async tree(principal: Principal, communityId: string): Promise<LocationTreeNode[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'location.read', communityId);
    const rows = await this.repository.find({ where: { communityId }, order: ORDER, take: TREE_LIMIT });
    const nodes = new Map<string, LocationTreeNode>(
      rows.map((row) => [row.id, { ...toLocationView(row), children: [] }]),
    );
    const roots: LocationTreeNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
      if (parent === undefined) roots.push(node);
      else parent.children.push(node);
    }
    return roots;
  }

  async get(principal: Principal, id: string): Promise<LocationDetailView> {
    const location = await TenantScope.findOne(
      this.repository,
      principal,
      'location.read',
      id,
      'LOCATION_NOT_FOUND',
    );
    const ancestors = (await locationLineage(this.dataSource.manager, location.id)).slice(0, -1);
    return {
      ...toLocationView(location),
      ancestors: ancestors.map((node) => toLocationView(node as LocationEntity)),
      path: lineagePath([...ancestors, location]),
    };
  }

  async create(principal: Principal, dto: CreateLocationDto): Promise<LocationView> {
    const location = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'location.manage', dto.communityId);
      const parentId = dto.parentId ?? null;
      const parent =
        parentId === null
          ? null
          : await manager.findOne(LocationEntity, { where: { id: parentId, communityId: dto.communityId } });
      if (parentId !== null && parent === null) {
        throw new DomainException(
          'LOCATION_NOT_FOUND',
          'The parent location was not found in this community',
          { id: parentId },
        );
      }
      if (!canPlaceLocation(dto.kind, parent?.kind ?? null)) {
        throw new DomainException(
          'LOCATION_PARENT_INVALID',
          `A ${dto.kind} cannot be placed ${parent ? `under a ${parent.kind}` : 'at the top'}`,
          {
            kind: dto.kind,
            parentKind: parent?.kind ?? null,
          },
        );
      }
      const id = newId();
      const created = manager.create(LocationEntity, {
        id,
        organizationId: principal.organizationId,
        communityId: dto.communityId,
        parentId,
        areaId: parent === null ? id : parent.areaId,
        kind: dto.kind,
        name: dto.name,
        code: dto.code ?? null,
        sortOrder: dto.sortOrder ?? 0,
      });
      await insertOrConflict(() => manager.save(created));
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: dto.communityId,
        actorId: principal.userId,
        action: 'location.create',
        targetType: 'location',
        targetId: id,
        data: { kind: dto.kind, name: dto.name, parentId },
      });
      return created;
    });
    return toLocationView(location);
  }

  async update(principal: Principal, id: string, dto: UpdateLocationDto): Promise<LocationView> {
    const location = await inTransaction(this.dataSource, async (manager) => {
      const current = await TenantScope.findOne(
        manager.getRepository(LocationEntity),
        principal,
        'location.manage',
        id,
        'LOCATION_NOT_FOUND',
      );
      Object.assign(current, dto);
      await insertOrConflict(() => manager.save(current));
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: current.communityId,
        actorId: principal.userId,
        action: 'location.update',
        targetType: 'location',
        targetId: id,
        data: { ...dto },
      });
      return current;
    });
    return toLocationView(location);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const current = await TenantScope.findOne(
        manager.getRepository(LocationEntity),
        principal,
        'location.manage',
        id,
        'LOCATION_NOT_FOUND',
      );
      if (await manager.exists(LocationEntity, { where: { parentId: id } })) {
        throw new DomainException('LOCATION_HAS_CHILDREN', 'Remove what lies inside this location first');
      }
      await manager.delete(LocationEntity, { id });
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: current.communityId,
        actorId: principal.userId,
        action: 'location.delete',
        targetType: 'location',
        targetId: id,
        data: { kind: current.kind, name: current.name },
      });
    });
  }
}
