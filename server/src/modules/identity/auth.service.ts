import { Inject, Injectable } from '@nestjs/common';
import { PHONE_PATTERN, ROLE_PERMISSIONS, passwordProblem } from '@smart-repair/shared';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import type { Principal, RoleGrant } from '../../tenancy/principal';
import { AuditService } from '../audit/audit.service';
import { CommunityEntity } from '../org/entities/community.entity';
import { OrganizationEntity } from '../org/entities/organization.entity';
import type {
  ChangePasswordDto,
  LoginDto,
  LoginResultView,
  SessionUserView,
  TokenPairView,
} from './dto/auth.dto';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { LoginRateLimiter } from './login-rate-limiter';
import { hashPassword, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';
import { inTransaction } from '../../database/transaction';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** Staff and password logins: sessions, token rotation, lockout and logout. */
@Injectable()
export class AuthService {
  private readonly limiter: LoginRateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {
    this.limiter = new LoginRateLimiter(config.auth.loginAttemptsPerMinute);
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<LoginResultView> {
    const account = dto.account.trim();
    for (const key of [`ip:${client.ip}`, `account:${account.toLowerCase()}`]) {
      const wait = this.limiter.hit(key);
      if (wait !== null) {
        throw new DomainException('TOO_MANY_REQUESTS', 'Too many login attempts; wait a moment', {
          retryAfterSeconds: wait,
        });
      }
    }

    const user = await this.findLoginUser(account, dto.organizationCode);
    if (user?.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      throw new DomainException(
        'ACCOUNT_LOCKED',
        'Too many wrong passwords; the account is locked for a while',
        {
          retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000),
        },
      );
    }
    const valid = await verifyPassword(user?.passwordHash ?? null, dto.password);
    if (user === null || !valid) {
      if (user !== null) await this.recordFailure(user);
      throw new DomainException('INVALID_CREDENTIALS', 'Wrong account or password');
    }
    if (user.status !== 'active') throw new DomainException('ACCOUNT_DISABLED', 'This account is disabled');

    const opened = await inTransaction(this.dataSource, (manager) =>
      this.openSignedIn(manager, user, client, 'auth.login'),
    );
    return this.signedIn(user, opened);
  }

  /**
   * Starts a session for someone who has proved who they are (password or platform login), in
   * the caller's transaction: clears failures, records the login, and returns the refresh token.
   */
  async openSignedIn(
    manager: EntityManager,
    user: UserEntity,
    client: ClientInfo,
    action: string,
    data: Record<string, unknown> = {},
  ): Promise<{ session: SessionEntity; refreshToken: string }> {
    await manager.update(
      UserEntity,
      { id: user.id },
      { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() },
    );
    const created = await this.openSession(manager, user, client);
    await this.audit.record(manager, {
      organizationId: user.organizationId,
      actorId: user.id,
      action,
      targetType: 'user',
      targetId: user.id,
      data: { ...data, sessionId: created.session.id, ip: client.ip },
    });
    return created;
  }

  /** The answer to a successful login, once its transaction has committed. */
  async signedIn(
    user: UserEntity,
    { session, refreshToken }: { session: SessionEntity; refreshToken: string },
  ): Promise<LoginResultView> {
    return { ...this.tokenPair(user, session, refreshToken), user: await this.describe(user.id) };
  }

  async refresh(token: string): Promise<TokenPairView> {
    const parsed = this.tokens.parseRefreshToken(token);
    const session =
      parsed === null
        ? null
        : await this.dataSource.getRepository(SessionEntity).findOne({ where: { id: parsed.sessionId } });
    if (
      parsed === null ||
      session === null ||
      session.revokedAt !== null ||
      session.expiresAt.getTime() <= Date.now()
    ) {
      throw new DomainException('REFRESH_TOKEN_INVALID', 'Log in again');
    }
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneOrFail({ where: { id: session.userId } });
    if (!this.tokens.secretMatches(parsed.secret, session.refreshTokenHash)) {
      await this.revokeForReuse(session, user);
    }
    if (user.status !== 'active') throw new DomainException('ACCOUNT_DISABLED', 'This account is disabled');

    const next = this.tokens.newRefreshSecret();
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000);
    // Conditional on the old hash: of two refreshes racing with one token, exactly one rotates.
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ refreshTokenHash: next.hash, expiresAt, rotations: () => 'rotations + 1' })
      .where('id = :id AND refreshTokenHash = :old AND revokedAt IS NULL', {
        id: session.id,
        old: session.refreshTokenHash,
      })
      .execute();
    if (result.affected !== 1) await this.revokeForReuse(session, user);
    return this.tokenPair(user, { ...session, expiresAt }, `${session.id}.${next.secret}`);
  }

  async logout(principal: Principal, allSessions: boolean): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const where = allSessions
        ? { userId: principal.userId, revokedAt: IsNull() }
        : { id: principal.sessionId, revokedAt: IsNull() };
      await manager.update(SessionEntity, where, { revokedAt: new Date(), revokedReason: 'logout' });
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: allSessions ? 'auth.logout_all' : 'auth.logout',
        targetType: 'user',
        targetId: principal.userId,
        data: { sessionId: principal.sessionId },
      });
    });
  }

  async changePassword(principal: Principal, dto: ChangePasswordDto): Promise<void> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :id', { id: principal.userId })
      .getOneOrFail();
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw new DomainException('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    const problem = passwordProblem(dto.newPassword);
    if (problem !== null) throw new DomainException('PASSWORD_TOO_WEAK', `The new password needs ${problem}`);
    const passwordHash = await hashPassword(dto.newPassword);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash });
      // Other devices must log in again with the new password.
      await manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: new Date(), revokedReason: 'password_changed' })
        .where('userId = :userId AND id <> :current AND revokedAt IS NULL', {
          userId: user.id,
          current: principal.sessionId,
        })
        .execute();
      await this.audit.record(manager, {
        organizationId: user.organizationId,
        actorId: user.id,
        action: 'auth.password_changed',
        targetType: 'user',
        targetId: user.id,
      });
    });
  }

  /** The caller's profile with roles and the permissions they give, per community. */
  /**
   * Who is signed in, with their roles and what each allows. The roles come from the caller's
   * principal when there is one (the guard has just read them), else from the database.
   */
  async describe(userId: string, known?: readonly RoleGrant[]): Promise<SessionUserView> {
    const [user] = (await this.dataSource.query(
      `SELECT u.id AS id, u.name AS name, u.username AS username, u.phone AS phone,
              u.organizationId AS organizationId, o.name AS organizationName
         FROM users u JOIN organizations o ON o.id = u.organizationId
        WHERE u.id = ?`,
      [userId],
    )) as Omit<SessionUserView, 'roles' | 'permissions'>[];
    if (user === undefined)
      throw new DomainException('TOKEN_INVALID', 'This session has ended; log in again');
    const grants =
      known ??
      (await this.dataSource.getRepository(RoleAssignmentEntity).find({ where: { userId } })).map(
        ({ role, communityId }) => ({ role, communityId }),
      );
    const communityIds = grants.map((grant) => grant.communityId).filter((id): id is string => id !== null);
    const communities = communityIds.length
      ? await this.dataSource.getRepository(CommunityEntity).find({
          select: { id: true, name: true },
          where: { id: In(communityIds) },
        })
      : [];
    const names = new Map(communities.map((community) => [community.id, community.name]));
    const permissions: Record<string, string[]> = {};
    for (const grant of grants) {
      const key = grant.communityId ?? '*';
      permissions[key] = [...new Set([...(permissions[key] ?? []), ...ROLE_PERMISSIONS[grant.role]])];
    }
    return {
      id: user.id,
      name: user.name,
      username: user.username,
      phone: user.phone,
      organizationId: user.organizationId,
      organizationName: user.organizationName,
      roles: grants.map((grant) => ({
        role: grant.role,
        communityId: grant.communityId,
        communityName: grant.communityId === null ? null : (names.get(grant.communityId) ?? null),
      })),
      permissions,
    };
  }

  private async findLoginUser(
    account: string,
    organizationCode: string | undefined,
  ): Promise<UserEntity | null> {
    const query = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.passwordHash IS NOT NULL');
    if (PHONE_PATTERN.test(account)) query.andWhere('user.phone = :account', { account });
    else query.andWhere('user.username = :account', { account });
    if (organizationCode !== undefined) {
      query.innerJoin(OrganizationEntity, 'org', 'org.id = user.organizationId AND org.code = :code', {
        code: organizationCode,
      });
    }
    const matches = await query.limit(2).getMany();
    if (matches.length > 1) {
      throw new DomainException(
        'ORGANIZATION_REQUIRED',
        'This phone number is used in several organisations; choose one',
      );
    }
    return matches[0] ?? null;
  }

  private async recordFailure(user: UserEntity): Promise<void> {
    const { maxFailedLogins, lockMinutes } = this.config.auth;
    await inTransaction(this.dataSource, async (manager) => {
      // Counted in the database, so failures through every server process add up.
      await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ failedLoginCount: () => 'failedLoginCount + 1' })
        .where('id = :id', { id: user.id })
        .execute();
      const { failedLoginCount } = await manager.findOneOrFail(UserEntity, {
        select: { id: true, failedLoginCount: true },
        where: { id: user.id },
      });
      const locked = failedLoginCount >= maxFailedLogins;
      if (locked) {
        const lockedUntil = new Date(Date.now() + lockMinutes * 60_000);
        await manager.update(UserEntity, { id: user.id }, { failedLoginCount: 0, lockedUntil });
      }
      await this.audit.record(manager, {
        organizationId: user.organizationId,
        actorId: null,
        action: locked ? 'auth.locked' : 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        data: { failedLoginCount },
      });
    });
  }

  private async revokeForReuse(session: SessionEntity, user: UserEntity): Promise<never> {
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(
        SessionEntity,
        { id: session.id, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'token_reuse' },
      );
      await this.audit.record(manager, {
        organizationId: user.organizationId,
        actorId: null,
        action: 'auth.refresh_reuse',
        targetType: 'session',
        targetId: session.id,
      });
    });
    throw new DomainException(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been ended',
    );
  }

  private async openSession(
    manager: EntityManager,
    user: UserEntity,
    client: ClientInfo,
  ): Promise<{ session: SessionEntity; refreshToken: string }> {
    const { secret, hash } = this.tokens.newRefreshSecret();
    const session = manager.create(SessionEntity, {
      id: newId(),
      userId: user.id,
      refreshTokenHash: hash,
      rotations: 0,
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
      revokedAt: null,
      revokedReason: null,
      userAgent: client.userAgent.slice(0, 200),
      ip: client.ip.slice(0, 64),
    });
    await manager.insert(SessionEntity, session);
    return { session, refreshToken: `${session.id}.${secret}` };
  }

  private tokenPair(
    user: UserEntity,
    session: Pick<SessionEntity, 'id' | 'expiresAt'>,
    refreshToken: string,
  ): TokenPairView {
    const access = this.tokens.issueAccessToken({
      userId: user.id,
      organizationId: user.organizationId,
      sessionId: session.id,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresIn: access.expiresIn,
      refreshToken,
      refreshTokenExpiresAt: session.expiresAt.toISOString(),
    };
  }
}
