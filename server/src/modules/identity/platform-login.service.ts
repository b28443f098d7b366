import { Inject, Injectable, Logger } from '@nestjs/common';
import { STAFF_PLATFORM_APP_KINDS, type PlatformAppKind } from '@smart-repair/shared';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { isUniqueViolation } from '../../database/errors';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import {
  baiduLogin,
  dingtalkLogin,
  wechatMiniprogramLogin,
  wechatOfficialLogin,
  wechatPhoneNumber,
  wecomLogin,
  type PlatformPerson,
} from '../../platforms/platform-calls';
import { PlatformAppsService, type ResolvedPlatformApp } from '../../platforms/platform-apps.service';
import { PlatformTokensService } from '../../platforms/platform-tokens.service';
import { PlatformError } from '../../platforms/token-clients';
import type { Principal } from '../../tenancy/principal';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { CommunityEntity } from '../org/entities/community.entity';
import { AuthService, type ClientInfo } from './auth.service';
import type {
  EnrolDto,
  OfficialOauthQuery,
  OfficialOauthView,
  PhoneView,
  PlatformCodeDto,
  PlatformIdentityView,
  PlatformLoginDto,
  PlatformLoginResultView,
} from './dto/platform-login.dto';
import { PlatformIdentityEntity } from './entities/platform-identity.entity';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { UserEntity } from './entities/user.entity';
import { LoginRateLimiter } from './login-rate-limiter';

/** How long a new resident has to choose a community after a platform login. */
const ENROLMENT_TTL_MS = 10 * 60_000;
/** Platform codes meaning "this code is wrong, used, expired or from another app". */
const INVALID_CODE_ERRORS: Record<string, ReadonlySet<number | string>> = {
  wechat: new Set([40029, 40163, 40226]),
  wecom: new Set([40029]),
  dingtalk: new Set([40078]),
  baidu: new Set([]),
};
const PHONE_LOOKUP_ACTION = 'identity.phone_lookup';

/** Who an enrolment token stands for: a platform person not yet known here. */
interface Enrolment {
  organizationId: string;
  kind: PlatformAppKind;
  appId: string;
  subject: string;
  unionId: string | null;
  name: string | null;
  expiresAt: number;
}

/**
 * Logins from the platforms' clients (F1.1): a one-time code is exchanged with the platform for
 * the person's openid or userid, which resolves through a platform identity to one user. Known
 * people are signed in; the same person on another app of the same account (unionid) is linked;
 * staff must already be known (WeCom and DingTalk answer with the company's own user ids); new
 * residents join the community they chose or scanned into.
 */
@Injectable()
export class PlatformLoginService {
  private readonly logger = new Logger(PlatformLoginService.name);
  /** Every attempt costs a platform call, so bursts from one client are cut off before it. */
  private readonly limiter: LoginRateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly apps: PlatformAppsService,
    private readonly tokens: PlatformTokensService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {
    this.limiter = new LoginRateLimiter(config.auth.loginAttemptsPerMinute);
  }

  async login(dto: PlatformLoginDto, client: ClientInfo): Promise<PlatformLoginResultView> {
    const wait = this.limiter.hit(`ip:${client.ip}`);
    if (wait !== null)
      throw new DomainException('TOO_MANY_REQUESTS', 'Too many login attempts; wait a moment', {
        retryAfterSeconds: wait,
      });
    const app = await this.apps.resolve(dto.kind, dto.appId);
    const person = await this.exchange(app, dto.code);
    const known = await this.knownUser(app, person);
    if (known !== null) return this.signIn(known, app, person, client);
    if (STAFF_PLATFORM_APP_KINDS.includes(app.kind)) {
      throw new DomainException(
        'PLATFORM_ACCOUNT_NOT_LINKED',
        'This account is not linked to any staff member yet; log in with your password once, or ask an administrator',
        { kind: app.kind, userid: person.subject },
      );
    }
    const enrolment: Enrolment = {
      organizationId: app.organizationId,
      kind: app.kind,
      appId: app.appId,
      subject: person.subject,
      unionId: person.unionId,
      name: person.name,
      expiresAt: Date.now() + ENROLMENT_TTL_MS,
    };
    if (dto.communityId !== undefined) return this.enrolInto(enrolment, dto.communityId, undefined, client);
    const communities = await this.dataSource.getRepository(CommunityEntity).find({
      where: { organizationId: app.organizationId },
      order: { name: 'ASC' },
    });
    return {
      outcome: 'choose_community',
      enrolment: this.sign(enrolment),
      communities: communities.map((community) => ({ id: community.id, name: community.name })),
    };
  }

  /** A new resident's second step: the community they chose. */
  enrol(dto: EnrolDto, client: ClientInfo): Promise<PlatformLoginResultView> {
    return this.enrolInto(this.verify(dto.enrolment), dto.communityId, dto.name, client);
  }

  /** Links the caller's account on another app (a staff member's WeCom, a resident's Baidu). */
  async link(principal: Principal, dto: PlatformCodeDto): Promise<PlatformIdentityView> {
    const app = await this.apps.resolve(dto.kind, dto.appId);
    // Another organisation's app does not exist for this caller.
    if (app.organizationId !== principal.organizationId)
      throw new DomainException('PLATFORM_APP_NOT_FOUND', 'This app is not registered', { appId: dto.appId });
    const person = await this.exchange(app, dto.code);
    const identity = await inTransaction(this.dataSource, async (manager) => {
      const existing = await manager.findOne(PlatformIdentityEntity, {
        where: { kind: app.kind, appId: app.appId, subject: person.subject },
      });
      if (existing !== null && existing.userId !== principal.userId)
        throw new DomainException(
          'PLATFORM_IDENTITY_TAKEN',
          'This platform account already belongs to someone else here',
        );
      if (existing !== null) return existing;
      const created = await this.addIdentity(manager, principal.userId, app, person);
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'identity.platform_linked',
        targetType: 'user',
        targetId: principal.userId,
        data: { kind: app.kind, appId: app.appId },
      });
      return created;
    });
    return toIdentityView(identity);
  }

  /**
   * Where the H5 page opened inside WeChat sends the person to sign in with the official account
   * (silent snsapi_base); WeChat returns them to `redirectUri` with a code for `login`. Only
   * addresses on this server are accepted, so the route cannot be used to send people elsewhere.
   */
  async officialOauthUrl(query: OfficialOauthQuery): Promise<OfficialOauthView> {
    const app = await this.apps.resolve('wechat_official', query.appId);
    let target: URL;
    try {
      target = new URL(query.redirectUri);
    } catch {
      target = new URL('invalid:');
    }
    if (target.origin !== new URL(this.config.publicBaseUrl).origin)
      throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: { redirectUri: ['redirectUri must be an address on this server'] },
      });
    const params = new URLSearchParams({
      appid: app.appId,
      redirect_uri: query.redirectUri,
      response_type: 'code',
      scope: 'snsapi_base',
      state: query.state ?? '',
    });
    return {
      url: `${this.config.platforms.baseUrls.wechatOpen}/connect/oauth2/authorize?${params}#wechat_redirect`,
    };
  }

  async identities(principal: Principal): Promise<PlatformIdentityView[]> {
    const rows = await this.dataSource.getRepository(PlatformIdentityEntity).find({
      where: { userId: principal.userId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toIdentityView);
  }

  /**
   * The WeChat-verified phone number (getPhoneNumber). WeChat bills every lookup, so a number
   * already on file is answered as it is unless `replace`, and lookups per person per day are
   * capped; both hold across server processes because they are counted in the audit trail.
   */
  async bindPhone(principal: Principal, code: string, replace: boolean): Promise<PhoneView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: principal.userId });
    if (user.phone !== null && !replace) return { phone: user.phone, lookedUp: false };
    const identity = await this.dataSource.getRepository(PlatformIdentityEntity).findOne({
      where: { userId: user.id, kind: 'wechat_miniprogram' },
      order: { lastLoginAt: 'DESC' },
    });
    if (identity === null)
      throw new DomainException('PLATFORM_NOT_SUPPORTED', 'Phone numbers come from the WeChat mini-program');
    const app = await this.apps.resolve('wechat_miniprogram', identity.appId);

    const since = new Date(Date.now() - 24 * 3600_000);
    const recent = await this.dataSource.getRepository(AuditEventEntity).count({
      where: { targetId: user.id, action: PHONE_LOOKUP_ACTION, createdAt: MoreThan(since) },
    });
    if (recent >= this.config.platforms.phoneLookupsPerDay)
      throw new DomainException('TOO_MANY_REQUESTS', 'Too many phone lookups today; try again tomorrow', {
        retryAfterSeconds: 3600,
      });
    // Counted before the call: a lookup WeChat billed counts even if what follows fails.
    await inTransaction(this.dataSource, (manager) =>
      this.audit.record(manager, {
        organizationId: user.organizationId,
        actorId: user.id,
        action: PHONE_LOOKUP_ACTION,
        targetType: 'user',
        targetId: user.id,
      }),
    );
    const phone = await this.platformCall(app, () =>
      wechatPhoneNumber(this.tokens, app, code, identity.subject),
    );
    await inTransaction(this.dataSource, async (manager) => {
      try {
        await manager.update(UserEntity, { id: user.id }, { phone });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainException('PHONE_TAKEN', 'That phone number is already registered');
        throw error;
      }
      await this.audit.record(manager, {
        organizationId: user.organizationId,
        actorId: user.id,
        action: 'user.phone_verified',
        targetType: 'user',
        targetId: user.id,
        data: { previous: user.phone === null ? null : 'replaced' },
      });
    });
    return { phone, lookedUp: true };
  }

  /** The user behind this platform person: by identity, else by unionid on a sibling app. */
  private async knownUser(app: ResolvedPlatformApp, person: PlatformPerson): Promise<UserEntity | null> {
    const identities = this.dataSource.getRepository(PlatformIdentityEntity);
    const own = await identities.findOne({
      where: { kind: app.kind, appId: app.appId, subject: person.subject },
    });
    const sibling =
      own === null && person.unionId !== null
        ? await identities.findOne({
            where: { organizationId: app.organizationId, unionId: person.unionId },
          })
        : null;
    const userId = own?.userId ?? sibling?.userId;
    if (userId === undefined) return null;
    return this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
  }

  private async signIn(
    user: UserEntity,
    app: ResolvedPlatformApp,
    person: PlatformPerson,
    client: ClientInfo,
  ): Promise<PlatformLoginResultView> {
    if (user.status !== 'active') throw new DomainException('ACCOUNT_DISABLED', 'This account is disabled');
    const opened = await inTransaction(this.dataSource, async (manager) => {
      const identity = await manager.findOne(PlatformIdentityEntity, {
        where: { kind: app.kind, appId: app.appId, subject: person.subject },
      });
      if (identity === null) {
        // Known through the unionid of another app: this app's identity joins the same person.
        await this.addIdentity(manager, user.id, app, person);
      } else {
        await manager.update(
          PlatformIdentityEntity,
          { id: identity.id },
          { lastLoginAt: new Date(), unionId: person.unionId ?? identity.unionId },
        );
      }
      return this.auth.openSignedIn(manager, user, client, 'auth.platform_login', {
        kind: app.kind,
        appId: app.appId,
      });
    });
    return { outcome: 'signed_in', session: await this.auth.signedIn(user, opened) };
  }

  private async enrolInto(
    enrolment: Enrolment,
    communityId: string,
    name: string | undefined,
    client: ClientInfo,
  ): Promise<PlatformLoginResultView> {
    const community = await this.dataSource.getRepository(CommunityEntity).findOne({
      where: { id: communityId, organizationId: enrolment.organizationId },
    });
    if (community === null)
      throw new DomainException('COMMUNITY_NOT_FOUND', 'Community not found', { id: communityId });
    const app = await this.apps.resolve(enrolment.kind, enrolment.appId);
    const person: PlatformPerson = {
      subject: enrolment.subject,
      unionId: enrolment.unionId,
      name: enrolment.name,
    };
    // A second tap of the same enrolment, or a login that raced it, finds the person made.
    const known = await this.knownUser(app, person);
    if (known !== null) return this.signIn(known, app, person, client);

    const user = Object.assign(new UserEntity(), {
      id: newId(),
      organizationId: enrolment.organizationId,
      username: null,
      phone: null,
      name: name ?? enrolment.name ?? '住户',
      passwordHash: null,
      status: 'active' as const,
      onDuty: false,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
    });
    try {
      const opened = await inTransaction(this.dataSource, async (manager) => {
        await manager.insert(UserEntity, user);
        await manager.insert(RoleAssignmentEntity, {
          id: newId(),
          organizationId: user.organizationId,
          userId: user.id,
          communityId,
          role: 'resident',
        });
        await this.addIdentity(manager, user.id, app, person);
        await this.audit.record(manager, {
          organizationId: user.organizationId,
          communityId,
          actorId: user.id,
          action: 'identity.resident_enrolled',
          targetType: 'user',
          targetId: user.id,
          data: { kind: app.kind, appId: app.appId },
        });
        return this.auth.openSignedIn(manager, user, client, 'auth.platform_login', {
          kind: app.kind,
          appId: app.appId,
        });
      });
      return { outcome: 'signed_in', session: await this.auth.signedIn(user, opened) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = await this.knownUser(app, person);
      if (raced === null) throw error;
      return this.signIn(raced, app, person, client);
    }
  }

  private async addIdentity(
    manager: EntityManager,
    userId: string,
    app: ResolvedPlatformApp,
    person: PlatformPerson,
  ): Promise<PlatformIdentityEntity> {
    const identity = Object.assign(new PlatformIdentityEntity(), {
      id: newId(),
      organizationId: app.organizationId,
      userId,
      kind: app.kind,
      appId: app.appId,
      subject: person.subject,
      unionId: person.unionId,
      lastLoginAt: new Date(),
    });
    await manager.insert(PlatformIdentityEntity, identity);
    return identity;
  }

  private exchange(app: ResolvedPlatformApp, code: string): Promise<PlatformPerson> {
    return this.platformCall(app, () => {
      switch (app.kind) {
        case 'wechat_miniprogram':
          return wechatMiniprogramLogin(app, code);
        case 'wechat_official':
          return wechatOfficialLogin(app, code);
        case 'wecom':
          return wecomLogin(this.tokens, app, code);
        case 'dingtalk':
          return dingtalkLogin(this.tokens, app, code);
        case 'baidu':
          return baiduLogin(this.tokens, app, code);
      }
    });
  }

  /** A platform's refusal of the code is the client's problem (400); anything else is ours (503). */
  private async platformCall<T>(app: ResolvedPlatformApp, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const platform = app.tokenApp.platform;
      const invalidCode =
        INVALID_CODE_ERRORS[platform]!.has(error.code) ||
        // Baidu's getsessionkey answers a bad code with a business errno; its token errors are 110/111.
        (platform === 'baidu' && typeof error.code === 'number' && error.code !== 110 && error.code !== 111);
      if (invalidCode)
        throw new DomainException(
          'PLATFORM_CODE_INVALID',
          'The login code is wrong, used or expired; try again',
          {
            platformCode: error.code,
          },
        );
      this.logger.warn(`${app.kind} app ${app.appId} failed a call (${error.code})`);
      throw new DomainException(
        'PLATFORM_UNAVAILABLE',
        'The platform did not answer properly; try again shortly',
        {
          platformCode: error.code,
          retryAfterSeconds: 5,
        },
      );
    }
  }

  private sign(enrolment: Enrolment): string {
    const body = Buffer.from(JSON.stringify(enrolment)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private verify(token: string): Enrolment {
    const [body, mac] = token.split('.');
    const expected = body === undefined ? '' : this.mac(body);
    if (
      body === undefined ||
      mac === undefined ||
      mac.length !== expected.length ||
      !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
    )
      throw new DomainException('ENROLMENT_INVALID', 'Log in again to choose your community');
    const enrolment = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Enrolment;
    if (enrolment.expiresAt < Date.now())
      throw new DomainException('ENROLMENT_INVALID', 'Log in again to choose your community');
    return enrolment;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.config.auth.jwtSecret).update(`enrolment:${body}`).digest('base64url');
  }
}

function toIdentityView(row: PlatformIdentityEntity): PlatformIdentityView {
  return {
    id: row.id,
    kind: row.kind,
    appId: row.appId,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}
