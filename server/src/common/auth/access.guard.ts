import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
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
 * then reloads the session, the user and their roles from the database on every request, so a
 * logout, a disabled account or a removed role takes effect on the very next request. Finally
 * it checks the route's permission against the matrix in shared/.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
  ) {}

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

    // One round trip: the session, its user and all of the user's roles.
    const rows = (await this.dataSource.query(
      `SELECT s.revokedAt AS revokedAt, u.id AS userId, u.status AS status, u.organizationId AS organizationId,
              r.role AS role, r.communityId AS communityId
         FROM sessions s
         JOIN users u ON u.id = s.userId
         LEFT JOIN role_assignments r ON r.userId = u.id
        WHERE s.id = ?`,
      [claims.sessionId],
    )) as SessionRow[];
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
}
