import type { CommunityView, LocationView, OrganizationView } from './dto/org.dto';
import type { CommunityEntity } from './entities/community.entity';
import type { LocationEntity } from './entities/location.entity';
import type { OrganizationEntity } from './entities/organization.entity';

export function toOrganizationView(organization: OrganizationEntity): OrganizationView {
  return { id: organization.id, code: organization.code, name: organization.name };
}

export function toCommunityView(community: CommunityEntity): CommunityView {
  return {
    id: community.id,
    organizationId: community.organizationId,
    code: community.code,
    name: community.name,
    address: community.address,
    active: community.active,
    createdAt: community.createdAt.toISOString(),
  };
}

export function toLocationView(location: LocationEntity): LocationView {
  return {
    id: location.id,
    communityId: location.communityId,
    parentId: location.parentId,
    areaId: location.areaId,
    kind: location.kind,
    name: location.name,
    code: location.code,
    sortOrder: location.sortOrder,
  };
}
