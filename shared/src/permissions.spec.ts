import { PERMISSIONS, ROLE_PERMISSIONS, rolesAllow } from './permissions';
import { ASSIGNABLE_ROLES, ROLES, canAssignRole } from './roles';

describe('permission matrix', () => {
  it('gives hq_admin every permission', () => {
    for (const permission of PERMISSIONS) {
      expect(rolesAllow(['hq_admin'], permission)).toBe(true);
    }
  });

  it('names only known permissions, once each', () => {
    for (const role of ROLES) {
      const granted = ROLE_PERMISSIONS[role];
      expect(new Set(granted).size).toBe(granted.length);
      for (const permission of granted) expect(PERMISSIONS).toContain(permission);
    }
  });

  it('keeps management away from engineers and residents', () => {
    for (const role of ['engineer', 'resident', 'vendor', 'temp_engineer'] as const) {
      expect(rolesAllow([role], 'user.manage')).toBe(false);
      expect(rolesAllow([role], 'location.manage')).toBe(false);
      expect(rolesAllow([role], 'user.read')).toBe(false);
    }
  });

  it('lets only HQ create communities', () => {
    const creators = ROLES.filter((role) => rolesAllow([role], 'community.create'));
    expect(creators).toEqual(['hq_admin']);
  });

  it('allows when any of several roles allows', () => {
    expect(rolesAllow(['resident', 'admin'], 'trade.manage')).toBe(true);
    expect(rolesAllow(['resident', 'engineer'], 'trade.manage')).toBe(false);
    expect(rolesAllow([], 'community.read')).toBe(false);
  });
});

describe('role assignment', () => {
  it('lets hq_admin assign every role and admin no HQ or admin role', () => {
    for (const role of ROLES) expect(canAssignRole(['hq_admin'], role)).toBe(true);
    expect(canAssignRole(['admin'], 'hq_admin')).toBe(false);
    expect(canAssignRole(['admin'], 'admin')).toBe(false);
    expect(canAssignRole(['admin'], 'engineer')).toBe(true);
  });

  it('gives nothing to assign to roles without user.manage', () => {
    const nonManagers = ROLES.filter((role) => !rolesAllow([role], 'user.manage'));
    expect(nonManagers.length).toBeGreaterThan(0);
    expect(nonManagers.map((role) => ASSIGNABLE_ROLES[role])).toEqual(nonManagers.map(() => []));
  });
});
