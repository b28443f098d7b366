import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { DomainException } from '../errors/domain.exception';
import { RoleAssignmentEntity } from '../../modules/identity/entities/role-assignment.entity';
import { SessionEntity } from '../../modules/identity/entities/session.entity';
import { UserEntity } from '../../modules/identity/entities/user.entity';
import { TokenService } from '../../modules/identity/token.service';
import { Principal } from '../../tenancy/principal';
import { ACCESS_KEY, type AccessRule, type AuthenticatedRequest } from './auth.decorators';

interface SessionRow {
  revokedAt: string | Date | null;
  userId: string;
  status: string;
  organizationId: string;
  role: string | null;
  communityId: string | null;
}

/**
 * The one guard: every route is closed unless it says otherwise. It checks the access token,
 * then the session, the user and their roles as the database has them: a logout, a disabled
 * account or a removed role takes effect on the next request to this process, and within
 * READ_CACHE_MS on other server processes (R7). Finally it checks the route's permission
 * against the matrix in shared/.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Session rows by session id: read once per cache period, not once per request. */
  private readonly sessions: ReadCache<SessionRow[]>;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
    caches: ReadCaches,
  ) {
    this.sessions = caches.create('sessions', [
      { entity: SessionEntity, ignoreInserts: true },
      { entity: UserEntity, ignoreInserts: true },
      { entity: RoleAssignmentEntity },
    ]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule?.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    request.principal = principal;

    if (rule === undefined) {
      // A route that forgot to declare its access stays closed.
      throw new DomainException('PERMISSION_DENIED', 'This route declares no access rule');
    }
    if (rule.kind === 'permission' && !principal.can(rule.permission)) {
      throw new DomainException('PERMISSION_DENIED', 'Your role does not allow this', {
        permission: rule.permission,
      });
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const match = header === undefined ? null : /^Bearer ([^\s]+)$/i.exec(header);
    if (match === null) throw new DomainException('AUTH_REQUIRED', 'Log in first (Authorization: Bearer …)');
    const claims = this.tokens.verifyAccessToken(match[1]!);

    const rows = await this.sessions.get(claims.sessionId, () => this.sessionRows(claims.sessionId));
    const first = rows[0];
    if (
      first === undefined ||
      first.revokedAt !== null ||
      first.userId !== claims.userId ||
      first.organizationId !== claims.organizationId
    ) {
      throw new DomainException('TOKEN_INVALID', 'This session has ended; log in again');
    }
    if (first.status !== 'active') throw new DomainException('ACCOUNT_DISABLED', 'This account is disabled');
    const grants = rows
      .filter((row) => row.role !== null)
      .map((row) => ({ role: row.role as Role, communityId: row.communityId }));
    return new Principal(first.userId, first.organizationId, claims.sessionId, grants);
  }

  /** One round trip: the session, its user and all of the user's roles. */
  private async sessionRows(sessionId: string): Promise<SessionRow[]> {
    return (await this.dataSource.query(
      `SELECT s.revokedAt AS revokedAt, u.id AS userId, u.status AS status, u.organizationId AS organizationId,
              r.role AS role, r.communityId AS communityId
         FROM sessions s
         JOIN users u ON u.id = s.userId
         LEFT JOIN role_assignments r ON r.userId = u.id
        WHERE s.id = ?`,
      [sessionId],
    )) as SessionRow[];
  }
}
