/** The kinds of node in a community's location tree (F9.5). */
export const LOCATION_KINDS = ['area', 'building', 'floor', 'room', 'public_place'] as const;

export type LocationKind = (typeof LOCATION_KINDS)[number];

export const LOCATION_KIND_LABELS: Record<LocationKind, string> = {
  area: '区域',
  building: '楼栋',
  floor: '楼层',
  room: '房间',
  public_place: '公共区域',
};

/**
 * Which kind of parent each kind may hang under; `null` means at the top of the community.
 * Areas are the top level (trades are bound to them); a public place (lobby, car park, garden)
 * belongs to an area, a building or a floor.
 */
export const LOCATION_PARENT_KINDS: Record<LocationKind, readonly (LocationKind | null)[]> = {
  area: [null],
  building: ['area'],
  floor: ['building'],
  room: ['floor'],
  public_place: ['area', 'building', 'floor'],
};

export function isLocationKind(value: unknown): value is LocationKind {
  return typeof value === 'string' && (LOCATION_KINDS as readonly string[]).includes(value);
}

export function canPlaceLocation(kind: LocationKind, parentKind: LocationKind | null): boolean {
  return LOCATION_PARENT_KINDS[kind].includes(parentKind);
}
