import type { ErrorCode, Permission } from '@smart-repair/shared';
import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  In,
  type EntityManager,
  type FindOptionsWhere,
  type ObjectLiteral,
  type Repository,
} from 'typeorm';
import { ReadCache, ReadCaches } from '../database/read-cache';
import { DomainException } from '../common/errors/domain.exception';
import { CommunityEntity } from '../modules/org/entities/community.entity';
import { ALL_COMMUNITIES, type Principal } from './principal';

/** Communities by id, per database: almost every request checks one (READ_CACHE_MS). */
const communityCaches = new WeakMap<DataSource, ReadCache<CommunityEntity | null>>();

/** Keeps the communities of this data source in a read cache; the database module calls it. */
@Injectable()
export class CommunityCache {
  constructor(@Inject(DataSource) dataSource: DataSource, caches: ReadCaches) {
    communityCaches.set(dataSource, caches.create('communities', [{ entity: CommunityEntity }]));
  }
}

/**
 * A community row: from the cache outside transactions (a copy, the caller may change it), read
 * afresh inside one, where it may be about to be written back.
 */
async function findCommunity(manager: EntityManager, id: string): Promise<CommunityEntity | null> {
  const read = () => manager.findOne(CommunityEntity, { where: { id } });
  const cache = communityCaches.get(manager.connection);
  if (cache === undefined || manager.queryRunner?.isTransactionActive) return read();
  const cached = await cache.get(id, read);
  return cached === null ? null : Object.assign(new CommunityEntity(), cached);
}

/** Rows that carry their tenant: every community-owned table. */
export interface TenantRow extends ObjectLiteral {
  id: string;
  organizationId: string;
  communityId: string;
}

/**
 * Tenancy, in one place. Every read of a community-owned row goes through here:
 * - a row outside the caller's organisation or visible communities does not exist for them (404,
 *   so its existence is never confirmed);
 * - a visible row the caller may not act on is PERMISSION_DENIED (403).
 */
export const TenantScope = {
  /**
   * The where-clause that limits a list to the communities where the permission is held;
   * null when there are none (the answer is then an empty list).
   */
  where<T extends TenantRow>(principal: Principal, permission: Permission): FindOptionsWhere<T> | null {
    const communities = principal.communitiesWith(permission);
    if (communities === ALL_COMMUNITIES)
      return { organizationId: principal.organizationId } as FindOptionsWhere<T>;
    if (communities.length === 0) return null;
    return {
      organizationId: principal.organizationId,
      communityId: In(communities),
    } as FindOptionsWhere<T>;
  },

  /** Loads one row by id within the caller's tenancy and checks the permission in its community. */
  async findOne<T extends TenantRow>(
    repository: Repository<T>,
    principal: Principal,
    permission: Permission,
    id: string,
    notFound: ErrorCode,
  ): Promise<T> {
    const row = await repository.findOne({
      where: { id, organizationId: principal.organizationId } as FindOptionsWhere<T>,
    });
    if (row === null || !principal.canSee(row.communityId)) {
      throw new DomainException(notFound, 'Not found', { id });
    }
    TenantScope.require(principal, permission, row.communityId);
    return row;
  },

  /**
   * Checks a community named by the caller (in a body or query): it must be theirs to see,
   * and they must hold the permission there.
   */
  async community(
    manager: EntityManager,
    principal: Principal,
    permission: Permission,
    communityId: string,
  ): Promise<CommunityEntity> {
    const found = principal.canSee(communityId) ? await findCommunity(manager, communityId) : null;
    const community = found?.organizationId === principal.organizationId ? found : null;
    if (community === null) {
      throw new DomainException('COMMUNITY_NOT_FOUND', 'Community not found', { id: communityId });
    }
    TenantScope.require(principal, permission, communityId);
    return community;
  },

  require(principal: Principal, permission: Permission, communityId: string): void {
    if (!principal.can(permission, communityId)) {
      throw new DomainException('PERMISSION_DENIED', 'Your role does not allow this here', { permission });
    }
  },
};
