import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { RepairCategoryEntity } from '../modules/catalog/entities/repair-category.entity';
import { TradeAreaEntity } from '../modules/catalog/entities/trade-area.entity';
import { TradeMemberEntity } from '../modules/catalog/entities/trade-member.entity';
import { TradeEntity } from '../modules/catalog/entities/trade.entity';
import { RoleAssignmentEntity } from '../modules/identity/entities/role-assignment.entity';
import { SessionEntity } from '../modules/identity/entities/session.entity';
import { UserEntity } from '../modules/identity/entities/user.entity';
import { CommunityEntity } from '../modules/org/entities/community.entity';
import { LocationEntity } from '../modules/org/entities/location.entity';
import { OrganizationEntity } from '../modules/org/entities/organization.entity';

/** Every table of the product; migrations are generated from exactly this list. */
export const ENTITIES = [
  OrganizationEntity,
  CommunityEntity,
  LocationEntity,
  UserEntity,
  RoleAssignmentEntity,
  SessionEntity,
  TradeEntity,
  TradeAreaEntity,
  TradeMemberEntity,
  RepairCategoryEntity,
  AuditEventEntity,
];
