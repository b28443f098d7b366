import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { UserEntity } from '../identity/entities/user.entity';
import type { BarReporterDto, BarredReporterView } from './dto/settings.dto';
import { BarredReporterEntity } from './entities/barred-reporter.entity';
import { toBarredReporterView } from './settings.mapper';

/** A ban as the report check needs it. */
interface CurrentBan {
  userId: string | null;
  phone: string | null;
  reason: string;
  until: Date | null;
}

/** Who may not report in a community (发单人管理, F1.6, F9.12). */
@Injectable()
export class BarredReportersService {
  /** The bans of each community that have not run out, newest first (READ_CACHE_MS). */
  private readonly current: ReadCache<readonly CurrentBan[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    caches: ReadCaches,
  ) {
    this.current = caches.create('barred reporters', [{ entity: BarredReporterEntity }]);
  }

  /** Every ban of the community, newest first, expired ones included (marked not active). */
  async list(principal: Principal, communityId: string): Promise<BarredReporterView[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'settings.read', communityId);
    const rows = await this.dataSource.getRepository(BarredReporterEntity).find({
      where: { communityId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const names = await this.userNames(
      this.dataSource.manager,
      rows.map((row) => row.userId),
    );
    const now = new Date();
    return rows.map((row) => toBarredReporterView(row, names, now));
  }

  async bar(principal: Principal, communityId: string, dto: BarReporterDto): Promise<BarredReporterView> {
    const { row, names } = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'settings.manage', communityId);
      const userId = dto.userId ?? null;
      const phone = dto.phone ?? null;
      const until = dto.until === undefined || dto.until === null ? null : new Date(dto.until);
      const fields: Record<string, string[]> = {};
      if (userId === null && phone === null) fields.userId = ['userId or phone must be given'];
      if (until !== null && until.getTime() <= Date.now()) fields.until = ['until must be in the future'];
      if (Object.keys(fields).length > 0) {
        throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', { fields });
      }
      if (userId !== null) await this.requireMember(manager, communityId, userId);
      const created = manager.create(BarredReporterEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        communityId,
        userId,
        phone,
        reason: dto.reason,
        until,
        createdBy: principal.userId,
      });
      await manager.insert(BarredReporterEntity, created);
      await this.audit.recordBy(manager, principal, {
        communityId: communityId,
        action: 'reporter.bar',
        targetType: 'barred_reporter',
        targetId: created.id,
        data: {
          userId: created.userId,
          phone: created.phone,
          reason: created.reason,
          until: until?.toISOString() ?? null,
        },
      });
      return {
        row: await manager.findOneByOrFail(BarredReporterEntity, { id: created.id }),
        names: await this.userNames(manager, [created.userId]),
      };
    });
    return toBarredReporterView(row, names, new Date());
  }

  async lift(principal: Principal, communityId: string, barId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'settings.manage', communityId);
      const row = await manager.findOne(BarredReporterEntity, { where: { id: barId, communityId } });
      if (row === null) {
        throw new DomainException('BARRED_REPORTER_NOT_FOUND', 'Ban not found', { id: barId });
      }
      await manager.delete(BarredReporterEntity, { id: barId });
      await this.audit.recordBy(manager, principal, {
        communityId: communityId,
        action: 'reporter.unbar',
        targetType: 'barred_reporter',
        targetId: barId,
        data: {
          userId: row.userId,
          phone: row.phone,
          reason: row.reason,
        },
      });
    });
  }

  /**
   * The reason of the newest ban in force at `at` that names the user or the phone; null when
   * there is none. Pass both when a signed-in person reports with a contact phone.
   */
  async activeReason(
    communityId: string,
    reporter: { userId?: string | null; phone?: string | null },
    at: Date,
  ): Promise<string | null> {
    if (!reporter.userId && !reporter.phone) return null;
    const bans = await this.current.get(communityId, async () => {
      const rows = await this.dataSource
        .getRepository(BarredReporterEntity)
        .createQueryBuilder('ban')
        .select(['ban.userId', 'ban.phone', 'ban.reason', 'ban.until'])
        .where('ban.communityId = :communityId', { communityId })
        .andWhere('(ban.until IS NULL OR ban.until > :now)', { now: new Date() })
        .orderBy('ban.createdAt', 'DESC')
        .addOrderBy('ban.id', 'DESC')
        .getMany();
      return rows.map(({ userId, phone, reason, until }) => ({ userId, phone, reason, until }));
    });
    const ban = bans.find(
      (candidate) =>
        (candidate.until === null || candidate.until > at) &&
        ((reporter.userId && candidate.userId === reporter.userId) ||
          (reporter.phone && candidate.phone === reporter.phone)),
    );
    return ban?.reason ?? null;
  }

  /** Only a person holding a role in this community can be barred by account. */
  private async requireMember(manager: EntityManager, communityId: string, userId: string): Promise<void> {
    if (!(await manager.exists(RoleAssignmentEntity, { where: { userId, communityId } }))) {
      throw new DomainException('USER_NOT_FOUND', 'User not found in this community', { id: userId });
    }
  }

  private async userNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const users = await manager.find(UserEntity, {
      select: { id: true, name: true },
      where: { id: In(wanted) },
    });
    return new Map(users.map((user) => [user.id, user.name]));
  }
}
