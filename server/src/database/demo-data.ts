import type { LocationKind, Role } from '@smart-repair/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { RepairCategoryEntity } from '../modules/catalog/entities/repair-category.entity';
import { TradeAreaEntity } from '../modules/catalog/entities/trade-area.entity';
import { TradeMemberEntity } from '../modules/catalog/entities/trade-member.entity';
import { TradeEntity } from '../modules/catalog/entities/trade.entity';
import { RoleAssignmentEntity } from '../modules/identity/entities/role-assignment.entity';
import { UserEntity } from '../modules/identity/entities/user.entity';
import { hashPassword } from '../modules/identity/password-hasher';
import { CommunityEntity } from '../modules/org/entities/community.entity';
import { LocationEntity } from '../modules/org/entities/location.entity';
import { OrganizationEntity } from '../modules/org/entities/organization.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { newId } from './ids';
import { inTransaction } from './transaction';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  description: string;
}

/** Everyone in the demo shares this password; demo data never loads in production. */
export const DEMO_PASSWORD = 'Repair#2026';
export const DEMO_ORGANIZATION_CODE = 'DEMO';

interface DemoPerson {
  username: string;
  name: string;
  phone: string;
  role: Role;
  /** Index into COMMUNITIES; null for an organisation-wide role. */
  community: number | null;
  trades?: string[];
}

const COMMUNITIES = [
  { code: 'SUNNY', name: '阳光花园', address: '上海市浦东新区锦绣路 100 号', prefix: 'sunny' },
  { code: 'LAKE', name: '翠湖苑', address: '杭州市西湖区文三路 88 号', prefix: 'lake' },
];

const TRADES = [
  { code: 'PLUMBING', name: '水工', description: '给排水、管道、龙头、马桶' },
  { code: 'ELECTRICAL', name: '电工', description: '照明、插座、开关、线路' },
  { code: 'CIVIL', name: '土建', description: '门窗、墙面、地面、防水' },
];

const CATEGORIES = [
  { code: 'TAP', name: '水龙头', trade: 'PLUMBING' },
  { code: 'PIPE_LEAK', name: '管道漏水', trade: 'PLUMBING' },
  { code: 'DRAIN', name: '下水道堵塞', trade: 'PLUMBING' },
  { code: 'LIGHT', name: '灯具', trade: 'ELECTRICAL' },
  { code: 'SOCKET', name: '插座/开关', trade: 'ELECTRICAL' },
  { code: 'TRIP', name: '跳闸断电', trade: 'ELECTRICAL' },
  { code: 'DOOR_WINDOW', name: '门窗', trade: 'CIVIL' },
  { code: 'WALL_FLOOR', name: '墙面/地面', trade: 'CIVIL' },
];

function people(): DemoPerson[] {
  const list: DemoPerson[] = [
    { username: 'hq', name: '赵总部', phone: '13800000001', role: 'hq_admin', community: null },
  ];
  COMMUNITIES.forEach((community, index) => {
    const p = community.prefix;
    const base = 13800001000 + index * 100;
    list.push(
      {
        username: `${p}.admin`,
        name: `${community.name}管理员`,
        phone: String(base + 1),
        role: 'admin',
        community: index,
      },
      {
        username: `${p}.dispatcher`,
        name: `${community.name}调度`,
        phone: String(base + 2),
        role: 'dispatcher',
        community: index,
      },
      {
        username: `${p}.reviewer`,
        name: `${community.name}审核`,
        phone: String(base + 3),
        role: 'reviewer',
        community: index,
      },
      {
        username: `${p}.plumber`,
        name: index === 0 ? '李水工' : '陈水工',
        phone: String(base + 11),
        role: 'engineer',
        community: index,
        trades: ['PLUMBING'],
      },
      {
        username: `${p}.electrician`,
        name: index === 0 ? '王电工' : '刘电工',
        phone: String(base + 12),
        role: 'engineer',
        community: index,
        trades: ['ELECTRICAL'],
      },
      {
        username: `${p}.handyman`,
        name: index === 0 ? '张师傅' : '周师傅',
        phone: String(base + 13),
        role: 'engineer',
        community: index,
        trades: ['PLUMBING', 'CIVIL'],
      },
      {
        username: `${p}.resident1`,
        name: index === 0 ? '孙女士' : '吴先生',
        phone: String(base + 51),
        role: 'resident',
        community: index,
      },
      {
        username: `${p}.resident2`,
        name: index === 0 ? '钱先生' : '郑女士',
        phone: String(base + 52),
        role: 'resident',
        community: index,
      },
    );
  });
  return list;
}

function describe(person: DemoPerson): string {
  const where = person.community === null ? '全部小区' : COMMUNITIES[person.community]!.name;
  const roleNames: Record<Role, string> = {
    hq_admin: '总部管理员',
    admin: '管理员',
    dispatcher: '调度员',
    engineer: '工程师',
    reviewer: '审核员',
    resident: '报修人',
    vendor: '维修公司',
    temp_engineer: '临时工程师',
  };
  return `${roleNames[person.role]} · ${where} · ${person.name}`;
}

/**
 * The demo organisation: HQ, two communities with their location trees, trades bound to areas
 * and engineers, categories, and a person for every role. Loaded once into an empty database;
 * returns the demo accounts on every start so they can be printed.
 */
export async function loadDemoData(dataSource: DataSource): Promise<DemoLogin[]> {
  const roster = people();
  const logins = roster.map((person) => ({
    username: person.username,
    password: DEMO_PASSWORD,
    role: person.role,
    description: describe(person),
  }));
  if ((await dataSource.getRepository(OrganizationEntity).count()) > 0) return logins;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await inTransaction(dataSource, async (manager) => {
    const organization = manager.create(OrganizationEntity, {
      id: newId(),
      code: DEMO_ORGANIZATION_CODE,
      name: '示范物业',
    });
    await manager.save(organization);
    const communities: CommunityEntity[] = [];
    const tradesByCommunity: Map<string, TradeEntity>[] = [];
    for (const spec of COMMUNITIES) {
      const community = manager.create(CommunityEntity, {
        id: newId(),
        organizationId: organization.id,
        code: spec.code,
        name: spec.name,
        address: spec.address,
        active: true,
      });
      await manager.save(community);
      communities.push(community);
      const areaIds = await buildLocations(manager, community);
      tradesByCommunity.push(await buildCatalogue(manager, community, areaIds));
    }
    for (const person of roster) {
      const user = manager.create(UserEntity, {
        id: newId(),
        organizationId: organization.id,
        username: person.username,
        phone: person.phone,
        name: person.name,
        passwordHash,
        status: 'active',
        onDuty: true,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
      });
      await manager.insert(UserEntity, user);
      const community = person.community === null ? null : communities[person.community]!;
      await manager.insert(RoleAssignmentEntity, {
        id: newId(),
        organizationId: organization.id,
        userId: user.id,
        communityId: community?.id ?? null,
        role: person.role,
      });
      for (const code of person.trades ?? []) {
        const trade = tradesByCommunity[person.community!]!.get(code)!;
        await manager.insert(TradeMemberEntity, {
          tradeId: trade.id,
          userId: user.id,
          communityId: trade.communityId,
        });
      }
    }
    await manager.insert(AuditEventEntity, {
      id: newId(),
      organizationId: organization.id,
      communityId: null,
      actorId: null,
      action: 'demo.load',
      targetType: 'organization',
      targetId: organization.id,
      data: { communities: communities.length, people: roster.length },
      requestId: null,
    });
  });
  return logins;
}

/** Two areas, each with two buildings of three floors of two rooms, and some public places. */
async function buildLocations(manager: EntityManager, community: CommunityEntity): Promise<string[]> {
  const add = async (
    kind: LocationKind,
    name: string,
    parent: LocationEntity | null,
    code: string | null,
    sortOrder: number,
  ) => {
    const id = newId();
    const location = manager.create(LocationEntity, {
      id,
      organizationId: community.organizationId,
      communityId: community.id,
      parentId: parent?.id ?? null,
      areaId: parent?.areaId ?? id,
      kind,
      name,
      code,
      sortOrder,
    });
    await manager.insert(LocationEntity, location);
    return location;
  };
  const areaIds: string[] = [];
  for (const [a, areaName] of ['一区', '二区'].entries()) {
    const area = await add('area', areaName, null, `A${a + 1}`, a + 1);
    areaIds.push(area.id);
    for (let b = 1; b <= 2; b += 1) {
      const number = a * 2 + b;
      const building = await add('building', `${number}栋`, area, `B${number}`, b);
      for (let f = 1; f <= 3; f += 1) {
        const floor = await add('floor', `${f}层`, building, null, f);
        for (let r = 1; r <= 2; r += 1) await add('room', `${f}0${r}室`, floor, null, r);
      }
      await add('public_place', `${number}栋大堂`, building, null, 99);
    }
    await add('public_place', a === 0 ? '地下车库' : '中心花园', area, null, 99);
  }
  return areaIds;
}

async function buildCatalogue(
  manager: EntityManager,
  community: CommunityEntity,
  areaIds: string[],
): Promise<Map<string, TradeEntity>> {
  const trades = new Map<string, TradeEntity>();
  for (const spec of TRADES) {
    const trade = manager.create(TradeEntity, {
      id: newId(),
      organizationId: community.organizationId,
      communityId: community.id,
      code: spec.code,
      name: spec.name,
      description: spec.description,
      active: true,
    });
    await manager.insert(TradeEntity, trade);
    trades.set(spec.code, trade);
    for (const areaId of areaIds) {
      await manager.insert(TradeAreaEntity, { tradeId: trade.id, areaId, communityId: community.id });
    }
  }
  for (const [index, spec] of CATEGORIES.entries()) {
    await manager.insert(RepairCategoryEntity, {
      id: newId(),
      organizationId: community.organizationId,
      communityId: community.id,
      tradeId: trades.get(spec.trade)!.id,
      code: spec.code,
      name: spec.name,
      description: '',
      active: true,
      sortOrder: index + 1,
    });
  }
  return trades;
}
