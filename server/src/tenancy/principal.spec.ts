import { ALL_COMMUNITIES, Principal } from './principal';

describe('Principal', () => {
  const community = (id: string) => `c-${id}`;

  it('limits community roles to their community', () => {
    const principal = new Principal('u', 'o', 's', [
      { role: 'admin', communityId: community('a') },
      { role: 'resident', communityId: community('b') },
    ]);
    expect(principal.can('location.manage', community('a'))).toBe(true);
    expect(principal.can('location.manage', community('b'))).toBe(false);
    expect(principal.can('location.manage')).toBe(true);
    expect(principal.communitiesWith('location.manage')).toEqual([community('a')]);
    expect(principal.communitiesWith('location.read')).toEqual([community('a'), community('b')]);
    expect(principal.visibleCommunities()).toEqual([community('a'), community('b')]);
    expect(principal.canSee(community('c'))).toBe(false);
  });

  it('gives organisation-wide roles every community', () => {
    const principal = new Principal('u', 'o', 's', [{ role: 'hq_admin', communityId: null }]);
    expect(principal.communitiesWith('trade.manage')).toBe(ALL_COMMUNITIES);
    expect(principal.visibleCommunities()).toBe(ALL_COMMUNITIES);
    expect(principal.can('user.manage', community('z'))).toBe(true);
    expect(principal.rolesIn(community('z'))).toEqual(['hq_admin']);
  });

  it('gives nothing to someone without roles', () => {
    const principal = new Principal('u', 'o', 's', []);
    expect(principal.can('community.read')).toBe(false);
    expect(principal.communitiesWith('community.read')).toEqual([]);
  });
});
