import { Inject, Injectable } from '@nestjs/common';
import { ROLES, type Role } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { DEMO_ORGANIZATION_CODE, DEMO_PASSWORD } from '../../database/demo-data';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { UserEntity } from '../identity/entities/user.entity';
import { CommunityEntity } from '../org/entities/community.entity';
import { OrganizationEntity } from '../org/entities/organization.entity';
import type { DemoAccountsView } from './dto/demo-accounts.dto';

interface Row {
  username: string;
  name: string;
  role: Role;
  communityName: string | null;
  communityId: string | null;
}

/** The demo organisation's people, read from the database so only accounts that exist are offered. */
@Injectable()
export class DemoAccountsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async list(): Promise<DemoAccountsView> {
    if (!this.config.demoData) return { enabled: false, password: null, accounts: [] };
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('user.username', 'username')
      .addSelect('user.name', 'name')
      .addSelect('grant.role', 'role')
      .addSelect('community.name', 'communityName')
      .addSelect('community.id', 'communityId')
      .from(UserEntity, 'user')
      .innerJoin(OrganizationEntity, 'org', 'org.id = user.organizationId AND org.code = :code', {
        code: DEMO_ORGANIZATION_CODE,
      })
      .innerJoin(RoleAssignmentEntity, 'grant', 'grant.userId = user.id')
      .leftJoin(CommunityEntity, 'community', 'community.id = grant.communityId')
      .where('user.username IS NOT NULL')
      .andWhere("user.status = 'active'")
      .getRawMany<Row>();
    const order = (row: Row) => ROLES.indexOf(row.role);
    rows.sort(
      (a, b) =>
        // Ids grow with creation time: communities in the order the demo made them, HQ first.
        (a.communityId ?? '').localeCompare(b.communityId ?? '') ||
        order(a) - order(b) ||
        a.username.localeCompare(b.username),
    );
    return {
      enabled: true,
      password: DEMO_PASSWORD,
      accounts: rows.map((row) => ({
        username: row.username,
        role: row.role,
        name: row.name,
        communityName: row.communityName,
      })),
    };
  }
}
