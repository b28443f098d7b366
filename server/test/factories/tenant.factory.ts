import { randomBytes } from 'node:crypto';
import type { LocationKind, Role } from '@smart-repair/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../src/database/ids';
import { RepairCategoryEntity } from '../../src/modules/catalog/entities/repair-category.entity';
import { TradeAreaEntity } from '../../src/modules/catalog/entities/trade-area.entity';
import { TradeMemberEntity } from '../../src/modules/catalog/entities/trade-member.entity';
import { TradeEntity } from '../../src/modules/catalog/entities/trade.entity';
import { RoleAssignmentEntity } from '../../src/modules/identity/entities/role-assignment.entity';
import { UserEntity } from '../../src/modules/identity/entities/user.entity';
import { hashPassword } from '../../src/modules/identity/password-hasher';
import { CommunityEntity } from '../../src/modules/org/entities/community.entity';
import { LocationEntity } from '../../src/modules/org/entities/location.entity';
import { OrganizationEntity } from '../../src/modules/org/entities/organization.entity';

export const TEST_PASSWORD = 'test-passphrase-42';

let passwordHash: Promise<string> | undefined;

/** The roles every test community has a person for. */
export const COMMUNITY_ROLES: Role[] = [
  'admin',
  'dispatcher',
  'engineer',
  'reviewer',
  'resident',
  'vendor',
  'temp_engineer',
];

export interface TestCommunity {
  id: string;
  code: string;
  name: string;
  areaId: string;
  buildingId: string;
  floorId: string;
  roomId: string;
  /** Eight rooms on the floor (the first is roomId): reports in different rooms are not duplicates. */
  rooms: string[];
  tradeId: string;
  categoryId: string;
  /** username of the person holding each role here */
  users: Record<Role, { id: string; username: string; phone: string }>;
}

export interface TestTenant {
  organizationId: string;
  organizationCode: string;
  hq: { id: string; username: string };
  a: TestCommunity;
  b: TestCommunity;
}

/**
 * One organisation with two communities (a and b), each with a location branch, a trade bound to
 * its area and engineer, a category, and a person for every community role; plus an HQ admin.
 * Names are random, so several tenants can live in one database.
 */
export async function createTenant(dataSource: DataSource): Promise<TestTenant> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const tag = randomBytes(3).toString('hex');
  return dataSource.transaction(async (manager) => {
    const organization = manager.create(OrganizationEntity, {
      id: newId(),
      code: `ORG${tag}`,
      name: `测试物业${tag}`,
    });
    await manager.save(organization);
    const hq = await addUser(manager, organization.id, `hq.${tag}`, hash);
    await manager.insert(RoleAssignmentEntity, {
      id: newId(),
      organizationId: organization.id,
      userId: hq.id,
      communityId: null,
      role: 'hq_admin',
    });
    const a = await addCommunity(manager, organization.id, `a${tag}`, hash);
    const b = await addCommunity(manager, organization.id, `b${tag}`, hash);
    return {
      organizationId: organization.id,
      organizationCode: organization.code,
      hq: { id: hq.id, username: hq.username },
      a,
      b,
    };
  });
}

let phoneCounter = Math.floor(Math.random() * 1_000_000);

async function addUser(manager: EntityManager, organizationId: string, username: string, hash: string) {
  phoneCounter += 1;
  const phone = `139${String(phoneCounter % 100_000_000).padStart(8, '0')}`;
  const user = manager.create(UserEntity, {
    id: newId(),
    organizationId,
    username,
    phone,
    name: `用户${username}`,
    passwordHash: hash,
    status: 'active',
    onDuty: true,
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
  });
  await manager.insert(UserEntity, user);
  return { id: user.id, username, phone };
}

async function addCommunity(
  manager: EntityManager,
  organizationId: string,
  code: string,
  hash: string,
): Promise<TestCommunity> {
  const community = manager.create(CommunityEntity, {
    id: newId(),
    organizationId,
    code,
    name: `小区${code}`,
    address: '',
    active: true,
  });
  await manager.save(community);
  const add = async (kind: LocationKind, name: string, parent: LocationEntity | null) => {
    const id = newId();
    const location = manager.create(LocationEntity, {
      id,
      organizationId,
      communityId: community.id,
      parentId: parent?.id ?? null,
      areaId: parent?.areaId ?? id,
      kind,
      name,
      code: null,
      sortOrder: 0,
    });
    await manager.insert(LocationEntity, location);
    return location;
  };
  const area = await add('area', `${code}-区`, null);
  const building = await add('building', `${code}-1栋`, area);
  const floor = await add('floor', `${code}-1层`, building);
  const room = await add('room', `${code}-101`, floor);
  const rooms = [room.id];
  for (let number = 102; number <= 108; number += 1)
    rooms.push((await add('room', `${code}-${number}`, floor)).id);
  const trade = manager.create(TradeEntity, {
    id: newId(),
    organizationId,
    communityId: community.id,
    code: 'PLUMB',
    name: `${code}水工`,
    description: '',
    active: true,
  });
  await manager.insert(TradeEntity, trade);
  await manager.insert(TradeAreaEntity, { tradeId: trade.id, areaId: area.id, communityId: community.id });
  const category = manager.create(RepairCategoryEntity, {
    id: newId(),
    organizationId,
    communityId: community.id,
    tradeId: trade.id,
    code: 'TAP',
    name: `${code}水龙头`,
    description: '',
    active: true,
    sortOrder: 0,
  });
  await manager.insert(RepairCategoryEntity, category);

  const users = {} as TestCommunity['users'];
  for (const role of COMMUNITY_ROLES) {
    const user = await addUser(manager, organizationId, `${code}.${role}`, hash);
    await manager.insert(RoleAssignmentEntity, {
      id: newId(),
      organizationId,
      userId: user.id,
      communityId: community.id,
      role,
    });
    users[role] = user;
  }
  await manager.insert(TradeMemberEntity, {
    tradeId: trade.id,
    userId: users.engineer.id,
    communityId: community.id,
  });
  return {
    id: community.id,
    code,
    name: community.name,
    areaId: area.id,
    buildingId: building.id,
    floorId: floor.id,
    roomId: room.id,
    rooms,
    tradeId: trade.id,
    categoryId: category.id,
    users,
  };
}
