import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { isUniqueViolation } from '../../database/errors';
import { newId } from '../../database/ids';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import type { CommunityView, CreateCommunityDto, OrganizationView, UpdateCommunityDto } from './dto/org.dto';
import { CommunityEntity } from './entities/community.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { toCommunityView, toOrganizationView } from './org.mapper';
import { inTransaction } from '../../database/transaction';

/** The organisation and its communities (F9.1): HQ sees and creates them all, others see their own. */
@Injectable()
export class CommunitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async organization(principal: Principal): Promise<OrganizationView> {
    const organization = await this.dataSource
      .getRepository(OrganizationEntity)
      .findOneOrFail({ where: { id: principal.organizationId } });
    return toOrganizationView(organization);
  }

  async list(principal: Principal): Promise<CommunityView[]> {
    const scope = principal.communitiesWith('community.read');
    if (scope !== ALL_COMMUNITIES && scope.length === 0) return [];
    const communities = await this.dataSource.getRepository(CommunityEntity).find({
      where: {
        organizationId: principal.organizationId,
        ...(scope === ALL_COMMUNITIES ? {} : { id: In(scope) }),
      },
      order: { name: 'ASC' },
    });
    return communities.map(toCommunityView);
  }

  async get(principal: Principal, id: string): Promise<CommunityView> {
    return toCommunityView(
      await TenantScope.community(this.dataSource.manager, principal, 'community.read', id),
    );
  }

  async create(principal: Principal, dto: CreateCommunityDto): Promise<CommunityView> {
    if (principal.communitiesWith('community.create') !== ALL_COMMUNITIES) {
      throw new DomainException('PERMISSION_DENIED', 'Only HQ creates communities');
    }
    const community = await inTransaction(this.dataSource, async (manager) => {
      const created = manager.create(CommunityEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        code: dto.code,
        name: dto.name,
        address: dto.address ?? '',
        active: true,
      });
      await insertOrConflict(() => manager.save(created));
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: created.id,
        actorId: principal.userId,
        action: 'community.create',
        targetType: 'community',
        targetId: created.id,
        data: { code: dto.code, name: dto.name },
      });
      return created;
    });
    return toCommunityView(community);
  }

  async update(principal: Principal, id: string, dto: UpdateCommunityDto): Promise<CommunityView> {
    const community = await inTransaction(this.dataSource, async (manager) => {
      const current = await TenantScope.community(manager, principal, 'community.update', id);
      Object.assign(current, dto);
      await manager.save(current);
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: id,
        actorId: principal.userId,
        action: 'community.update',
        targetType: 'community',
        targetId: id,
        data: { ...dto },
      });
      return current;
    });
    return toCommunityView(community);
  }
}

/** Runs an insert or update; a unique-index refusal becomes CODE_TAKEN. */
export async function insertOrConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainException('CODE_TAKEN', 'That code is already used here');
    throw error;
  }
}
