import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { TokenService } from '../../modules/identity/token.service';
import { RoleAssignmentEntity } from '../../modules/identity/entities/role-assignment.entity';
import { SessionEntity } from '../../modules/identity/entities/session.entity';
import { Principal } from '../../tenancy/principal';
import { ACCESS_KEY, type AccessRule, type AuthenticatedRequest } from './auth.decorators';

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

    const session = await this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .innerJoin('session.user', 'user')
      .select([
        'session.id',
        'session.revokedAt',
        'session.expiresAt',
        'user.id',
        'user.status',
        'user.organizationId',
      ])
      .where('session.id = :id', { id: claims.sessionId })
      .getOne();
    const user = session?.user;
    if (
      session === null ||
      user === undefined ||
      session.revokedAt !== null ||
      user.id !== claims.userId ||
      user.organizationId !== claims.organizationId
    ) {
      throw new DomainException('TOKEN_INVALID', 'This session has ended; log in again');
    }
    if (user.status !== 'active') throw new DomainException('ACCOUNT_DISABLED', 'This account is disabled');

    const grants = await this.dataSource.getRepository(RoleAssignmentEntity).find({
      select: { role: true, communityId: true },
      where: { userId: user.id },
    });
    return new Principal(user.id, user.organizationId, session.id, grants);
  }
}
