import { Inject, Injectable } from '@nestjs/common';
import type { PlatformAppKind } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction } from '../database/transaction';
import { newId } from '../database/ids';
import { AuditService } from '../modules/audit/audit.service';
import type { Principal } from '../tenancy/principal';
import type { CreatePlatformAppDto, PlatformAppView, UpdatePlatformAppDto } from './dto/platform-apps.dto';
import type { CallableApp } from './platform-calls';
import { PlatformAppEntity } from './platform-app.entity';
import { SecretBox } from './secret-box';
import type { PlatformName } from './token-clients';

/** A registered app with its secret opened, ready for calls. Never leaves the server. */
export interface ResolvedPlatformApp extends CallableApp {
  id: string;
  organizationId: string;
  kind: PlatformAppKind;
  appId: string;
  agentId: string | null;
}

/** Which platform's tokens and API each kind of app uses. */
const PLATFORM_OF: Record<PlatformAppKind, PlatformName> = {
  wechat_miniprogram: 'wechat',
  wechat_official: 'wechat',
  wecom: 'wecom',
  dingtalk: 'dingtalk',
  baidu: 'baidu',
};

/**
 * The organisation's platform apps (F10.4): HQ registers each app with its
 * secret, which is stored sealed and never answered back; logins and messages resolve the app here.
 */
@Injectable()
export class PlatformAppsService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.platforms.secretsKey);
  }

  async list(principal: Principal): Promise<PlatformAppView[]> {
    const rows = await this.repository().find({
      where: { organizationId: principal.organizationId },
      order: { kind: 'ASC', createdAt: 'ASC' },
    });
    return rows.map(toView);
  }

  async create(principal: Principal, dto: CreatePlatformAppDto): Promise<PlatformAppView> {
    const row = await inTransaction(this.dataSource, async (manager) => {
      const taken = await manager.exists(PlatformAppEntity, { where: { kind: dto.kind, appId: dto.appId } });
      // Another organisation's app is not confirmed to exist; the same answer either way.
      if (taken)
        throw new DomainException('PLATFORM_APP_TAKEN', 'This app is already registered', {
          appId: dto.appId,
        });
      const created = manager.create(PlatformAppEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        kind: dto.kind,
        appId: dto.appId,
        name: dto.name,
        secretCipher: this.box.seal(dto.secret),
        secretHint: hintOf(dto.secret),
        agentId: dto.agentId ?? null,
        active: true,
      });
      await manager.insert(PlatformAppEntity, created);
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'platform_app.created',
        targetType: 'platform_app',
        targetId: created.id,
        data: { kind: dto.kind, appId: dto.appId, agentId: created.agentId },
      });
      return created;
    });
    return toView(await this.repository().findOneByOrFail({ id: row.id }));
  }

  async update(principal: Principal, id: string, dto: UpdatePlatformAppDto): Promise<PlatformAppView> {
    await inTransaction(this.dataSource, async (manager) => {
      const row = await manager.findOne(PlatformAppEntity, {
        where: { id, organizationId: principal.organizationId },
      });
      if (row === null) throw new DomainException('PLATFORM_APP_NOT_FOUND', 'Platform app not found', { id });
      const set: Partial<PlatformAppEntity> = {};
      if (dto.name !== undefined) set.name = dto.name;
      if (dto.agentId !== undefined) set.agentId = dto.agentId;
      if (dto.active !== undefined) set.active = dto.active;
      if (dto.secret !== undefined) {
        set.secretCipher = this.box.seal(dto.secret);
        set.secretHint = hintOf(dto.secret);
      }
      await manager.update(PlatformAppEntity, { id }, set);
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'platform_app.updated',
        targetType: 'platform_app',
        targetId: id,
        // What changed, never the secret itself.
        data: { ...dto, secret: dto.secret === undefined ? undefined : 'replaced' },
      });
    });
    return toView(await this.repository().findOneByOrFail({ id }));
  }

  /** The active app a client names by kind and id; unknown or inactive is PLATFORM_APP_NOT_FOUND. */
  async resolve(kind: PlatformAppKind, appId: string): Promise<ResolvedPlatformApp> {
    const row = await this.withSecret().where({ kind, appId, active: true }).getOne();
    if (row === null)
      throw new DomainException('PLATFORM_APP_NOT_FOUND', 'This app is not registered', { appId });
    return this.ready(row);
  }

  /** The organisation's active app of a kind (the first registered), or null when it has none. */
  async forOrganization(organizationId: string, kind: PlatformAppKind): Promise<ResolvedPlatformApp | null> {
    const row = await this.withSecret()
      .where({ organizationId, kind, active: true })
      .orderBy('app.createdAt', 'ASC')
      .getOne();
    return row === null ? null : this.ready(row);
  }

  /** Every active app with its secret opened (the demo registers them with the fake platforms). */
  async allActive(): Promise<ResolvedPlatformApp[]> {
    const rows = await this.withSecret().where({ active: true }).getMany();
    return rows.map((row) => this.ready(row));
  }

  private ready(row: PlatformAppEntity): ResolvedPlatformApp {
    const platform = PLATFORM_OF[row.kind];
    const urls = this.config.platforms.baseUrls;
    const tokenBase = {
      wechat: urls.wechat,
      wecom: urls.wecom,
      dingtalk: urls.dingtalkApi,
      baidu: urls.baidu,
    };
    const apiBase = {
      wechat: urls.wechat,
      wecom: urls.wecom,
      dingtalk: urls.dingtalkOapi,
      baidu: urls.baidu,
    };
    return {
      id: row.id,
      organizationId: row.organizationId,
      kind: row.kind,
      appId: row.appId,
      agentId: row.agentId,
      tokenApp: {
        platform,
        appId: row.appId,
        secret: this.box.open(row.secretCipher),
        baseUrl: tokenBase[platform],
      },
      apiBase: apiBase[platform],
    };
  }

  private withSecret() {
    return this.repository().createQueryBuilder('app').addSelect('app.secretCipher');
  }

  private repository() {
    return this.dataSource.getRepository(PlatformAppEntity);
  }
}

function hintOf(secret: string): string {
  return secret.slice(-4);
}

function toView(row: PlatformAppEntity): PlatformAppView {
  return {
    id: row.id,
    kind: row.kind,
    appId: row.appId,
    name: row.name,
    secretHint: row.secretHint,
    agentId: row.agentId,
    active: row.active,
    updatedAt: row.updatedAt.toISOString(),
  };
}
