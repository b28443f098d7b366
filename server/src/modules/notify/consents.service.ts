import { Injectable } from '@nestjs/common';
import type { NotifyEvent } from '@smart-repair/shared';
import { DataSource, In } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import { PlatformAppsService, type ResolvedPlatformApp } from '../../platforms/platform-apps.service';
import type { Principal } from '../../tenancy/principal';
import { PlatformIdentityEntity } from '../identity/entities/platform-identity.entity';
import type { ConsentsView, RecordConsentsDto } from './dto/consents.dto';
import { NotificationConsentEntity } from './entities/notification-consent.entity';
import { NotificationRulesService } from './notification-rules.service';

/**
 * A person's WeChat subscribe consents (R21): the mini program reports what
 * `requestSubscribeMessage` answered, each accept is one more message that template may bring,
 * and a ban stops it. The app asks for the templates the organisation's rules send.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly apps: PlatformAppsService,
    private readonly rules: NotificationRulesService,
  ) {}

  async mine(principal: Principal, appId?: string): Promise<ConsentsView> {
    const app = await this.app(principal, appId, false);
    const rules = await this.rules.rulesFor(this.dataSource.manager, principal.organizationId);
    const events = new Map<string, NotifyEvent[]>();
    for (const rule of rules) {
      const templateId = rule.templates.wechat_subscribe?.templateId;
      if (!rule.enabled || !rule.channels.includes('wechat_subscribe') || !templateId) continue;
      const list = events.get(templateId) ?? [];
      if (!list.includes(rule.event)) list.push(rule.event);
      events.set(templateId, list);
    }
    const counts =
      app === null || events.size === 0
        ? []
        : await this.dataSource.getRepository(NotificationConsentEntity).find({
            where: { userId: principal.userId, appId: app.appId, templateId: In([...events.keys()]) },
          });
    const remaining = new Map(counts.map((row) => [row.templateId, row.remaining]));
    return {
      appId: app?.appId ?? null,
      templates: [...events].map(([templateId, list]) => ({
        templateId,
        events: list,
        remaining: remaining.get(templateId) ?? 0,
      })),
    };
  }

  async record(principal: Principal, dto: RecordConsentsDto): Promise<ConsentsView> {
    const app = (await this.app(principal, dto.appId, true))!;
    const linked = await this.dataSource.getRepository(PlatformIdentityEntity).existsBy({
      userId: principal.userId,
      organizationId: principal.organizationId,
      kind: 'wechat_miniprogram',
      appId: app.appId,
    });
    if (!linked)
      throw new DomainException('PLATFORM_ACCOUNT_NOT_LINKED', 'Sign in with this mini program first', {
        appId: app.appId,
      });
    await inTransaction(this.dataSource, async (manager) => {
      for (const [templateId, result] of Object.entries(dto.results)) {
        const key = { userId: principal.userId, appId: app.appId, templateId };
        if (result === 'accept') {
          await manager
            .createQueryBuilder()
            .insert()
            .into(NotificationConsentEntity)
            .values({ id: newId(), organizationId: principal.organizationId, ...key, remaining: 0 })
            .orIgnore()
            .updateEntity(false)
            .execute();
          await manager
            .createQueryBuilder()
            .update(NotificationConsentEntity)
            .set({ remaining: () => 'remaining + 1' })
            .where(key)
            .execute();
        } else if (result === 'ban') {
          // The person switched the template off: whatever they had accepted is gone.
          await manager.update(NotificationConsentEntity, key, { remaining: 0 });
        }
        // reject / filter: nothing accepted, nothing taken away.
      }
    });
    return this.mine(principal, app.appId);
  }

  /** The mini program named (it must be the caller's organisation's), or the organisation's first. */
  private async app(
    principal: Principal,
    appId: string | undefined,
    required: boolean,
  ): Promise<ResolvedPlatformApp | null> {
    const notFound = () =>
      new DomainException('PLATFORM_APP_NOT_FOUND', 'This app is not registered', { appId: appId ?? null });
    if (appId !== undefined) {
      const app = await this.apps.resolve('wechat_miniprogram', appId);
      if (app.organizationId !== principal.organizationId) throw notFound();
      return app;
    }
    const app = await this.apps.forOrganization(principal.organizationId, 'wechat_miniprogram');
    if (app === null && required) throw notFound();
    return app;
  }
}
