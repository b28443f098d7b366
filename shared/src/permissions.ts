import type { Role } from './roles';

/** Everything a role may be allowed to do, as `resource.verb`. */
export const PERMISSIONS = [
  'organization.read',
  'community.read',
  'community.create',
  'community.update',
  'location.read',
  'location.manage',
  'user.read',
  'user.manage',
  'trade.read',
  'trade.manage',
  'category.read',
  'category.manage',
  'audit.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ_CATALOGUE: Permission[] = ['community.read', 'location.read', 'trade.read', 'category.read'];

/**
 * The permission matrix. The API's one guard and the apps both read it, so a button is shown
 * exactly when the server would allow the action. A permission held through a community role
 * applies in that community only; hq_admin's apply to every community of the organisation.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  hq_admin: PERMISSIONS,
  admin: [
    'organization.read',
    'community.read',
    'community.update',
    'location.read',
    'location.manage',
    'user.read',
    'user.manage',
    'trade.read',
    'trade.manage',
    'category.read',
    'category.manage',
    'audit.read',
  ],
  dispatcher: ['organization.read', ...READ_CATALOGUE, 'user.read'],
  reviewer: ['organization.read', ...READ_CATALOGUE, 'user.read'],
  engineer: READ_CATALOGUE,
  resident: ['community.read', 'location.read', 'category.read'],
  // Reserved for third-party work (F10); they see what they need to take an order.
  vendor: ['community.read', 'location.read', 'category.read'],
  temp_engineer: ['community.read', 'location.read', 'category.read'],
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Does any of these roles carry the permission? */
export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
