import { rolesAllow, type Permission, type Role } from '@smart-repair/shared';

/** A role held in one community, or organisation-wide when communityId is null. */
export interface RoleGrant {
  role: Role;
  communityId: string | null;
}

/** Every community of the organisation, for holders of an organisation-wide role. */
export const ALL_COMMUNITIES = 'all' as const;
export type CommunityScope = typeof ALL_COMMUNITIES | string[];

/** The authenticated caller: who, in which organisation, holding which roles where. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly organizationId: string,
    readonly sessionId: string,
    readonly grants: readonly RoleGrant[],
  ) {}

  /** Roles that apply in a community: those held there plus the organisation-wide ones. */
  rolesIn(communityId: string): Role[] {
    return this.grants
      .filter((grant) => grant.communityId === null || grant.communityId === communityId)
      .map((grant) => grant.role);
  }

  organizationRoles(): Role[] {
    return this.grants.filter((grant) => grant.communityId === null).map((grant) => grant.role);
  }

  /** Holds the permission in this community, or (without one) anywhere at all. */
  can(permission: Permission, communityId?: string): boolean {
    if (communityId !== undefined) return rolesAllow(this.rolesIn(communityId), permission);
    return rolesAllow(
      this.grants.map((grant) => grant.role),
      permission,
    );
  }

  /** The communities where the permission is held. */
  communitiesWith(permission: Permission): CommunityScope {
    if (rolesAllow(this.organizationRoles(), permission)) return ALL_COMMUNITIES;
    const ids = this.grants
      .filter((grant) => grant.communityId !== null && rolesAllow([grant.role], permission))
      .map((grant) => grant.communityId as string);
    return [...new Set(ids)];
  }

  /** Communities the caller can see at all: any role there, or an organisation-wide role. */
  visibleCommunities(): CommunityScope {
    if (this.organizationRoles().length > 0) return ALL_COMMUNITIES;
    return [...new Set(this.grants.map((grant) => grant.communityId as string))];
  }

  canSee(communityId: string): boolean {
    const visible = this.visibleCommunities();
    return visible === ALL_COMMUNITIES || visible.includes(communityId);
  }
}
