import { LOCATION_KINDS, canPlaceLocation } from './locations';

describe('location tree rules', () => {
  it('puts areas at the top and nothing else', () => {
    for (const kind of LOCATION_KINDS) {
      expect(canPlaceLocation(kind, null)).toBe(kind === 'area');
    }
  });

  it('nests area › building › floor › room', () => {
    expect(canPlaceLocation('building', 'area')).toBe(true);
    expect(canPlaceLocation('floor', 'building')).toBe(true);
    expect(canPlaceLocation('room', 'floor')).toBe(true);
    expect(canPlaceLocation('room', 'building')).toBe(false);
    expect(canPlaceLocation('floor', 'area')).toBe(false);
    expect(canPlaceLocation('building', 'building')).toBe(false);
  });

  it('hangs public places under an area, building or floor but never under a room', () => {
    expect(canPlaceLocation('public_place', 'area')).toBe(true);
    expect(canPlaceLocation('public_place', 'building')).toBe(true);
    expect(canPlaceLocation('public_place', 'floor')).toBe(true);
    expect(canPlaceLocation('public_place', 'room')).toBe(false);
    expect(canPlaceLocation('room', 'public_place')).toBe(false);
  });
});
