import type { Permission, Role } from '@smart-repair/shared';
import type { SessionUser } from '../services/types';
import { codeQuery, type ReportCode } from './report-code';

/** The three faces of the app; each is a subpackage with its own pages. */
export type AppRole = 'resident' | 'engineer' | 'admin';

const APP_ROLE_OF: Record<Role, AppRole> = {
  resident: 'resident',
  engineer: 'engineer',
  temp_engineer: 'engineer',
  vendor: 'engineer',
  admin: 'admin',
  dispatcher: 'admin',
  hq_admin: 'admin',
  reviewer: 'admin',
};

export const APP_ROLE_LABELS: Record<AppRole, string> = {
  resident: '我要报修',
  engineer: '我的任务',
  admin: '调度台',
};

export const HOME_PAGES: Record<AppRole, string> = {
  resident: '/resident/pages/tickets/index',
  engineer: '/engineer/pages/tasks/index',
  admin: '/admin/pages/board/index',
};

/** The app roles a person holds, office first, then field work, then reporting. */
export function appRolesOf(user: Pick<SessionUser, 'roles'>): AppRole[] {
  const held = new Set(user.roles.map((grant) => APP_ROLE_OF[grant.role]));
  return (['admin', 'engineer', 'resident'] as const).filter((role) => held.has(role));
}

/** Where a person lands after logging in. */
export function homePageOf(user: Pick<SessionUser, 'roles'>): string {
  const [first] = appRolesOf(user);
  return first === undefined ? '/pages/me/index' : HOME_PAGES[first];
}

/**
 * Where a person goes once signed in: a resident who scanned a place or device code goes straight
 * to the report form with it filled in; everyone else to their home page.
 */
export function landingPageOf(user: Pick<SessionUser, 'roles'>, code: ReportCode = {}): string {
  const scannedPlace = code.locationId !== undefined || code.categoryId !== undefined;
  if (scannedPlace && appRolesOf(user).includes('resident'))
    return `/resident/pages/report/index?${codeQuery(code)}`;
  return homePageOf(user);
}

/** Whether the person holds a permission in at least one community (or across the organisation). */
export function mayAnywhere(user: Pick<SessionUser, 'permissions'>, permission: Permission): boolean {
  return Object.values(user.permissions).some((granted) => granted.includes(permission));
}
