import { Injectable } from '@nestjs/common';
import { compileSensitiveWords, normalizeSensitiveWord } from '@smart-repair/shared';
import { DataSource, In } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { isUniqueViolation } from '../../database/errors';
import { newId } from '../../database/ids';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import type {
  AddSensitiveWordDto,
  AddSensitiveWordsDto,
  SensitiveWordsAddedView,
  SensitiveWordView,
} from './dto/settings.dto';
import { SensitiveWordEntity } from './entities/sensitive-word.entity';
import { toSensitiveWordView } from './settings.mapper';

/** Audit rows hold at most this many words each, so one row stays well within its column. */
const AUDIT_WORDS_PER_EVENT = 100;

/** The sensitive words of each community (敏感词, F1.5, F9.11) and their compiled masker. */
@Injectable()
export class SensitiveWordsService {
  /** Compiled once per community and cache period (READ_CACHE_MS); any change clears it. */
  private readonly maskers: ReadCache<(text: string) => string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    caches: ReadCaches,
  ) {
    this.maskers = caches.create('sensitive words', [{ entity: SensitiveWordEntity }]);
  }

  async list(principal: Principal, communityId: string): Promise<SensitiveWordView[]> {
    await TenantScope.community(this.dataSource.manager, principal, 'settings.read', communityId);
    const rows = await this.dataSource.getRepository(SensitiveWordEntity).find({
      where: { communityId },
      order: { word: 'ASC', id: 'ASC' },
    });
    return rows.map(toSensitiveWordView);
  }

  async add(principal: Principal, communityId: string, dto: AddSensitiveWordDto): Promise<SensitiveWordView> {
    const row = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'settings.manage', communityId);
      const created = manager.create(SensitiveWordEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        communityId,
        word: normalizeSensitiveWord(dto.word),
      });
      try {
        await manager.insert(SensitiveWordEntity, created);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainException('DUPLICATE_ENTRY', 'That word is already on the list', {
            word: created.word,
          });
        }
        throw error;
      }
      await this.audit.recordBy(manager, principal, {
        communityId: communityId,
        action: 'sensitive_word.create',
        targetType: 'sensitive_word',
        targetId: created.id,
        data: {
          word: created.word,
        },
      });
      return manager.findOneByOrFail(SensitiveWordEntity, { id: created.id });
    });
    return toSensitiveWordView(row);
  }

  /** Adds the words not on the list yet; repeats and words already there are skipped. */
  async addMany(
    principal: Principal,
    communityId: string,
    dto: AddSensitiveWordsDto,
  ): Promise<SensitiveWordsAddedView> {
    const words = [...new Set(dto.words.map(normalizeSensitiveWord))];
    const added = await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'settings.manage', communityId);
      const rows = words.map((word) => ({
        id: newId(),
        organizationId: principal.organizationId,
        communityId,
        word,
      }));
      // Ignoring duplicates in the statement itself keeps a concurrent add from failing this one;
      // the rows that really went in are those whose new ids exist afterwards.
      await manager.createQueryBuilder().insert().into(SensitiveWordEntity).values(rows).orIgnore().execute();
      const inserted = await manager.find(SensitiveWordEntity, {
        where: { id: In(rows.map((row) => row.id)) },
        order: { word: 'ASC' },
      });
      for (let start = 0; start < inserted.length; start += AUDIT_WORDS_PER_EVENT) {
        await this.audit.recordBy(manager, principal, {
          communityId: communityId,
          action: 'sensitive_word.bulk_create',
          targetType: 'sensitive_word',
          targetId: communityId,
          data: {
            words: inserted.slice(start, start + AUDIT_WORDS_PER_EVENT).map((row) => row.word),
          },
        });
      }
      return inserted.length;
    });
    return { added, skipped: dto.words.length - added };
  }

  async remove(principal: Principal, communityId: string, wordId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await TenantScope.community(manager, principal, 'settings.manage', communityId);
      const row = await manager.findOne(SensitiveWordEntity, { where: { id: wordId, communityId } });
      if (row === null) {
        throw new DomainException('SENSITIVE_WORD_NOT_FOUND', 'Sensitive word not found', { id: wordId });
      }
      await manager.delete(SensitiveWordEntity, { id: wordId });
      await this.audit.recordBy(manager, principal, {
        communityId: communityId,
        action: 'sensitive_word.delete',
        targetType: 'sensitive_word',
        targetId: wordId,
        data: { word: row.word },
      });
    });
  }

  /** The masker of a community's current words. */
  masker(communityId: string): Promise<(text: string) => string> {
    return this.maskers.get(communityId, async () => {
      const rows = await this.dataSource.getRepository(SensitiveWordEntity).find({
        select: { word: true },
        where: { communityId },
      });
      return compileSensitiveWords(rows.map((row) => row.word));
    });
  }
}
