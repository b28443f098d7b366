import { Injectable } from '@nestjs/common';
import {
  communitySettingsProblems,
  mergeCommunitySettings,
  type CommunitySettings,
  type FormSettings,
} from '@smart-repair/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { isUniqueViolation } from '../../database/errors';
import { deepFreeze, ReadCache, ReadCaches } from '../../database/read-cache';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { BarredReportersService } from './barred-reporters.service';
import type { CommunitySettingsDto } from './dto/settings.dto';
import { CommunitySettingsEntity } from './entities/community-settings.entity';
import { SensitiveWordsService } from './sensitive-words.service';

/**
 * A community's workflow configuration (F1.7, F2.9, F9.8, F9.10), and what the ticket module
 * reads of the whole settings area: the settings, the sensitive-word masker, and reporter bans.
 */
@Injectable()
export class SettingsService {
  /** Every ticket change reads its community's settings: cached per community (READ_CACHE_MS). */
  private readonly inForce: ReadCache<CommunitySettings>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly words: SensitiveWordsService,
    private readonly bans: BarredReportersService,
    caches: ReadCaches,
  ) {
    this.inForce = caches.create('community settings', [{ entity: CommunitySettingsEntity }]);
  }

  /**
   * The settings in force in a community (defaults where nothing is saved); no access check.
   * Inside a transaction pass its manager: a cache miss then reads on that connection.
   */
  forCommunity(communityId: string, manager?: EntityManager): Promise<CommunitySettings> {
    return this.inForce.get(communityId, async () => {
      const row = await (manager ?? this.dataSource.manager).findOne(CommunitySettingsEntity, {
        where: { communityId },
      });
      return deepFreeze(mergeCommunitySettings(row?.settings));
    });
  }

  /**
   * Masks the community's sensitive words in a text. The compiled list is cached in this process
   * for at most READ_CACHE_MS; changes made here take effect at once.
   */
  sensitiveWordMasker(communityId: string): Promise<(text: string) => string> {
    return this.words.masker(communityId);
  }

  /** Why the reporter may not report in the community now, or null when they may. */
  barredReason(
    communityId: string,
    reporter: { userId?: string | null; phone?: string | null },
    at: Date = new Date(),
  ): Promise<string | null> {
    return this.bans.activeReason(communityId, reporter, at);
  }

  async get(principal: Principal, communityId: string): Promise<CommunitySettings> {
    await TenantScope.community(this.dataSource.manager, principal, 'settings.read', communityId);
    return this.forCommunity(communityId);
  }

  /** The report form of a community, for anyone who may report there (the apps draw it). */
  async reportForm(principal: Principal, communityId: string): Promise<FormSettings> {
    await TenantScope.community(this.dataSource.manager, principal, 'ticket.report', communityId);
    return (await this.forCommunity(communityId)).form;
  }

  /**
   * Replaces the settings and audits the old and new values. Of two saves racing, the later one
   * starts again from the earlier one's result, so each audit entry holds what it replaced.
   */
  async replace(
    principal: Principal,
    communityId: string,
    dto: CommunitySettingsDto,
  ): Promise<CommunitySettings> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await inTransaction(this.dataSource, (manager) =>
          this.save(manager, principal, communityId, toPlainSettings(dto)),
        );
      } catch (error) {
        if (!(error instanceof ConcurrentSave)) throw error;
        if (attempt >= SAVE_ATTEMPTS) {
          throw new DomainException('SERVICE_UNAVAILABLE', 'The settings are being changed; try again');
        }
      }
    }
  }

  private async save(
    manager: EntityManager,
    principal: Principal,
    communityId: string,
    settings: CommunitySettings,
  ): Promise<CommunitySettings> {
    await TenantScope.community(manager, principal, 'settings.manage', communityId);
    const problems = communitySettingsProblems(settings);
    if (Object.keys(problems).length > 0) {
      throw new DomainException('VALIDATION_FAILED', 'Some settings are not allowed together', {
        fields: problems,
      });
    }
    const current = await manager.findOne(CommunitySettingsEntity, { where: { communityId } });
    if (current === null) {
      try {
        await manager.insert(CommunitySettingsEntity, {
          communityId,
          organizationId: principal.organizationId,
          settings,
          version: 1,
          updatedBy: principal.userId,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConcurrentSave();
        throw error;
      }
    } else {
      const result = await manager
        .createQueryBuilder()
        .update(CommunitySettingsEntity)
        .set({ settings, updatedBy: principal.userId, version: () => 'version + 1' })
        .where('communityId = :communityId AND version = :version', {
          communityId,
          version: current.version,
        })
        .execute();
      if (result.affected !== 1) throw new ConcurrentSave();
    }
    await this.audit.record(manager, {
      organizationId: principal.organizationId,
      communityId,
      actorId: principal.userId,
      action: 'settings.update',
      targetType: 'community_settings',
      targetId: communityId,
      data: { before: mergeCommunitySettings(current?.settings), after: settings },
    });
    return settings;
  }
}

/** Attempts at a save that keeps meeting concurrent saves; admins submit this form by hand. */
const SAVE_ATTEMPTS = 5;

/** Another save changed the row since this one read it: start again from the new values. */
class ConcurrentSave extends Error {}

/** Exactly the known fields, as plain objects: nothing of the DTO classes reaches storage. */
function toPlainSettings(dto: CommunitySettingsDto): CommunitySettings {
  return mergeCommunitySettings(JSON.parse(JSON.stringify(dto)) as CommunitySettings);
}
