/**
 * Roles a person holds. hq_admin is held for a whole organisation (every community in it);
 * every other role is held in one community.
 */
export const ROLES = [
  'hq_admin',
  'admin',
  'dispatcher',
  'engineer',
  'reviewer',
  'resident',
  'vendor',
  'temp_engineer',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles held organisation-wide rather than in one community. */
export const ORGANIZATION_ROLES: readonly Role[] = ['hq_admin'];

/** Roles that work for the property company (they log in with a password). */
export const STAFF_ROLES: readonly Role[] = [
  'hq_admin',
  'admin',
  'dispatcher',
  'engineer',
  'reviewer',
  'vendor',
  'temp_engineer',
];

export const ROLE_LABELS: Record<Role, string> = {
  hq_admin: '总部管理员',
  admin: '管理员',
  dispatcher: '调度员',
  engineer: '工程师',
  reviewer: '审核员',
  resident: '报修人',
  vendor: '维修公司',
  temp_engineer: '临时工程师',
};

/** Which roles a holder of each role may give to (or take from) others. */
export const ASSIGNABLE_ROLES: Record<Role, readonly Role[]> = {
  hq_admin: ROLES,
  admin: ['dispatcher', 'engineer', 'reviewer', 'resident', 'vendor', 'temp_engineer'],
  dispatcher: [],
  engineer: [],
  reviewer: [],
  resident: [],
  vendor: [],
  temp_engineer: [],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isOrganizationRole(role: Role): boolean {
  return ORGANIZATION_ROLES.includes(role);
}

/** May someone holding `holderRoles` (in the community concerned) assign `role`? */
export function canAssignRole(holderRoles: readonly Role[], role: Role): boolean {
  return holderRoles.some((held) => ASSIGNABLE_ROLES[held].includes(role));
}
