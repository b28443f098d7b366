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
  'settings.read',
  'settings.manage',
  'platform.manage',
  'notification.manage',
  'attachment.upload',
  'ticket.report',
  'ticket.read',
  'ticket.work',
  'ticket.dispatch',
  'ticket.verify',
  'ticket.approve',
  'surcharge.approve',
  'payment.read',
  'payment.refund',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ_CATALOGUE: Permission[] = ['community.read', 'location.read', 'trade.read', 'category.read'];

/** What an engineer needs on an order: see it, work it, upload photos of it. */
const FIELD_WORK: Permission[] = ['attachment.upload', 'ticket.read', 'ticket.work'];

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
    'settings.read',
    'settings.manage',
    'notification.manage',
    'attachment.upload',
    'ticket.report',
    'ticket.read',
    'ticket.dispatch',
    'ticket.verify',
    'ticket.approve',
    'surcharge.approve',
    'payment.read',
    'payment.refund',
  ],
  dispatcher: [
    'organization.read',
    ...READ_CATALOGUE,
    'user.read',
    'settings.read',
    'attachment.upload',
    'ticket.report',
    'ticket.read',
    'ticket.dispatch',
    'ticket.verify',
    'surcharge.approve',
  ],
  reviewer: [
    'organization.read',
    ...READ_CATALOGUE,
    'user.read',
    'settings.read',
    'ticket.read',
    'ticket.approve',
    'surcharge.approve',
  ],
  engineer: [...READ_CATALOGUE, ...FIELD_WORK],
  resident: [
    'community.read',
    'location.read',
    'category.read',
    'attachment.upload',
    'ticket.report',
    'ticket.read',
  ],
  // Third-party work (F10): they take authorised orders like in-house engineers.
  vendor: ['community.read', 'location.read', 'category.read', ...FIELD_WORK],
  temp_engineer: ['community.read', 'location.read', 'category.read', ...FIELD_WORK],
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Does any of these roles carry the permission? */
export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
