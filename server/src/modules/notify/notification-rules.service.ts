import { Injectable } from '@nestjs/common';
import {
  DEFAULT_NOTIFICATION_RULES,
  notificationRulesProblems,
  type NotificationRule,
} from '@smart-repair/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import { deepFreeze, ReadCache, ReadCaches } from '../../database/read-cache';
import { inTransaction } from '../../database/transaction';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { AuditService } from '../audit/audit.service';
import type { NotificationRulesDto, NotificationRulesView } from './dto/notification-rules.dto';
import { NotificationRuleEntity } from './entities/notification-rule.entity';

/**
 * Each organisation's notification rules (F3): its own set once HQ saved one, the defaults until
 * then. Every ticket change reads them, so they are cached per organisation (READ_CACHE_MS).
 */
@Injectable()
export class NotificationRulesService {
  private readonly inForce: ReadCache<readonly NotificationRule[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    caches: ReadCaches,
  ) {
    this.inForce = caches.create('notification rules', [{ entity: NotificationRuleEntity }]);
  }

  /** The rules in force for the organisation; a cache miss reads with the caller's manager. */
  rulesFor(manager: EntityManager, organizationId: string): Promise<readonly NotificationRule[]> {
    return this.inForce.get(organizationId, async () =>
      deepFreeze((await this.read(manager, organizationId)) ?? structuredClone(DEFAULT_NOTIFICATION_RULES)),
    );
  }

  async get(principal: Principal): Promise<NotificationRulesView> {
    const stored = await this.read(this.dataSource.manager, principal.organizationId);
    return { rules: stored ?? [...DEFAULT_NOTIFICATION_RULES], customized: stored !== null };
  }

  /** Replaces the organisation's rules (HQ only: they apply to every community). */
  async replace(principal: Principal, dto: NotificationRulesDto): Promise<NotificationRulesView> {
    if (principal.communitiesWith('notification.manage') !== ALL_COMMUNITIES)
      throw new DomainException('PERMISSION_DENIED', 'Only headquarters may change the notification rules', {
        permission: 'notification.manage',
      });
    const rules: NotificationRule[] = dto.rules.map((rule) => ({
      event: rule.event,
      audience: rule.audience,
      title: rule.title,
      channels: rule.channels,
      templates: pickTemplates(rule.templates),
      enabled: rule.enabled,
    }));
    const problems = notificationRulesProblems(rules);
    if (problems.length > 0)
      throw new DomainException('VALIDATION_FAILED', 'Some rules are not valid', { problems });
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(NotificationRuleEntity, { organizationId: principal.organizationId });
      if (rules.length > 0)
        await manager.insert(
          NotificationRuleEntity,
          rules.map((rule, position) => ({
            id: newId(),
            organizationId: principal.organizationId,
            position,
            event: rule.event,
            audience: [...rule.audience],
            channels: [...rule.channels],
            title: rule.title,
            templates: rule.templates,
            enabled: rule.enabled,
          })),
        );
      await this.audit.recordBy(manager, principal, {
        action: 'notification_rules.replaced',
        targetType: 'organization',
        targetId: principal.organizationId,
        data: { rules: rules.length },
      });
    });
    return this.get(principal);
  }

  /** The stored set, or null when the organisation has none (the defaults apply). */
  private async read(manager: EntityManager, organizationId: string): Promise<NotificationRule[] | null> {
    const rows = await manager.find(NotificationRuleEntity, {
      where: { organizationId },
      order: { position: 'ASC' },
    });
    if (rows.length === 0) return null;
    return rows.map((row) => ({
      event: row.event,
      audience: row.audience,
      title: row.title,
      channels: row.channels,
      templates: row.templates,
      enabled: row.enabled,
    }));
  }
}

/** Only the known parts of a templates object, as plain data. */
function pickTemplates(templates: NotificationRule['templates']): NotificationRule['templates'] {
  const picked: NotificationRule['templates'] = {};
  if (templates.wechat_subscribe !== undefined)
    picked.wechat_subscribe = {
      templateId: templates.wechat_subscribe.templateId,
      data: { ...templates.wechat_subscribe.data },
    };
  if (templates.wecom_card !== undefined) picked.wecom_card = { title: templates.wecom_card.title };
  if (templates.dingtalk_notice !== undefined)
    picked.dingtalk_notice = { title: templates.dingtalk_notice.title };
  return picked;
}
