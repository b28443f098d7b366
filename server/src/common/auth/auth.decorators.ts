import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@smart-repair/shared';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../tenancy/principal';

export const ACCESS_KEY = 'access';

/** What a route needs: nothing, any logged-in user, or a permission held in some community. */
export type AccessRule =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'permission'; permission: Permission };

/** Open to anyone (login, health, docs). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any logged-in user, whatever their roles (their own profile, logout). */
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule);

/**
 * Needs the permission in at least one community; the service then checks it in the community
 * of the record concerned (TenantScope).
 */
export const RequirePermission = (permission: Permission) =>
  SetMetadata(ACCESS_KEY, { kind: 'permission', permission } satisfies AccessRule);

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
}

/** The caller of an authenticated route. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal === undefined) throw new Error('CurrentPrincipal used on a route without authentication');
    return principal;
  },
);
