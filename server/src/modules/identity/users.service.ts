import { Injectable } from '@nestjs/common';
import { canAssignRole, isOrganizationRole, passwordProblem, type Role } from '@smart-repair/shared';
import { Brackets, DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { paging, type Page } from '../../common/http/pagination';
import { isUniqueViolation } from '../../database/errors';
import { newId } from '../../database/ids';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import type { CreateUserDto, ListUsersQuery, RoleGrantInput, UpdateUserDto, UserView } from './dto/users.dto';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { hashPassword } from './password-hasher';
import { inTransaction } from '../../database/transaction';

/**
 * Staff and residents of an organisation (F9.2, F9.3). A person is visible to a caller who may
 * read users in a community where that person holds a role; HQ sees the whole organisation.
 * Changing a person needs user.manage in every community they hold a role in, and the right to
 * assign each of their roles, so an admin can never act on someone above them.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ListUsersQuery): Promise<Page<UserView>> {
    const scope = principal.communitiesWith('user.read');
    const { page, pageSize, skip } = paging(query);
    if (scope !== ALL_COMMUNITIES && scope.length === 0) return { items: [], total: 0, page, pageSize };
    if (query.communityId !== undefined) {
      await TenantScope.community(this.dataSource.manager, principal, 'user.read', query.communityId);
    }

    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .where('user.organizationId = :org', { org: principal.organizationId });
    if (scope !== ALL_COMMUNITIES) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.userId = user.id AND ra.communityId IN (:...scope))',
        { scope },
      );
    }
    if (query.communityId !== undefined || query.role !== undefined) {
      const conditions = ['rf.userId = user.id'];
      if (query.communityId !== undefined) conditions.push('rf.communityId = :communityId');
      if (query.role !== undefined) conditions.push('rf.role = :role');
      qb.andWhere(`EXISTS (SELECT 1 FROM role_assignments rf WHERE ${conditions.join(' AND ')})`, {
        communityId: query.communityId,
        role: query.role,
      });
    }
    if (query.status !== undefined) qb.andWhere('user.status = :status', { status: query.status });
    if (query.q !== undefined && query.q.trim() !== '') {
      // '!' escapes LIKE wildcards the same way on SQLite and MySQL (a backslash does not).
      const like = `%${query.q.trim().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        new Brackets((or) =>
          or
            .where("user.name LIKE :like ESCAPE '!'", { like })
            .orWhere("user.username LIKE :like ESCAPE '!'", { like })
            .orWhere("user.phone LIKE :like ESCAPE '!'", { like }),
        ),
      );
    }
    const [users, total] = await qb
      .orderBy('user.createdAt', 'DESC')
      .addOrderBy('user.id', 'DESC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(principal, users), total, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<UserView> {
    const user = await this.findVisible(this.dataSource.manager, principal, id);
    return (await this.views(principal, [user]))[0]!;
  }

  async create(principal: Principal, dto: CreateUserDto): Promise<UserView> {
    if (dto.password !== undefined) this.checkPassword(dto.password);
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const id = await inTransaction(this.dataSource, async (manager) => {
      for (const grant of dto.roles) await this.checkAssignable(manager, principal, grant);
      const user = manager.create(UserEntity, {
        id: newId(),
        organizationId: principal.organizationId,
        name: dto.name,
        username: dto.username ?? null,
        phone: dto.phone ?? null,
        passwordHash,
        status: 'active',
        onDuty: dto.onDuty ?? true,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
      });
      await this.insertUnique(manager, user);
      const seen = new Set<string>();
      for (const grant of dto.roles) {
        const key = `${grant.role}@${grant.communityId ?? '*'}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await this.insertGrant(manager, principal, user.id, grant);
      }
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        data: { name: user.name, roles: dto.roles },
      });
      return user.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateUserDto): Promise<UserView> {
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.findManageable(manager, principal, id);
      const changes: Partial<UserEntity> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.phone !== undefined) changes.phone = dto.phone;
      if (dto.onDuty !== undefined) changes.onDuty = dto.onDuty;
      if (Object.keys(changes).length === 0) return;
      try {
        await manager.update(UserEntity, { id: user.id }, changes);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainException('PHONE_TAKEN', 'That phone number is already registered');
        throw error;
      }
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'user.update',
        targetType: 'user',
        targetId: user.id,
        data: { ...changes },
      });
    });
    return this.get(principal, id);
  }

  async setStatus(principal: Principal, id: string, status: 'active' | 'disabled'): Promise<UserView> {
    if (id === principal.userId)
      throw new DomainException('CANNOT_CHANGE_SELF', 'You cannot disable or enable yourself');
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.findManageable(manager, principal, id);
      // Enabling also lifts a lock left by failed logins.
      await manager.update(
        UserEntity,
        { id: user.id },
        status === 'active' ? { status, failedLoginCount: 0, lockedUntil: null } : { status },
      );
      if (status === 'disabled') await this.revokeSessions(manager, user.id, 'disabled');
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: status === 'active' ? 'user.enable' : 'user.disable',
        targetType: 'user',
        targetId: user.id,
      });
    });
    return this.get(principal, id);
  }

  async resetPassword(principal: Principal, id: string, password: string): Promise<void> {
    if (id === principal.userId)
      throw new DomainException('CANNOT_CHANGE_SELF', 'Change your own password on your profile');
    this.checkPassword(password);
    const passwordHash = await hashPassword(password);
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.findManageable(manager, principal, id);
      await manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, failedLoginCount: 0, lockedUntil: null },
      );
      await this.revokeSessions(manager, user.id, 'password_reset');
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'user.password_reset',
        targetType: 'user',
        targetId: user.id,
      });
    });
  }

  async addRole(principal: Principal, id: string, grant: RoleGrantInput): Promise<UserView> {
    if (id === principal.userId)
      throw new DomainException('CANNOT_CHANGE_SELF', 'You cannot change your own roles');
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.findManageable(manager, principal, id);
      await this.checkAssignable(manager, principal, grant);
      const existing = await manager.findOne(RoleAssignmentEntity, {
        where: { userId: user.id, role: grant.role, communityId: grant.communityId ?? IsNull() },
      });
      if (existing !== null) return;
      await this.insertGrant(manager, principal, user.id, grant);
    });
    return this.get(principal, id);
  }

  async removeRole(principal: Principal, id: string, roleId: string): Promise<UserView> {
    if (id === principal.userId)
      throw new DomainException('CANNOT_CHANGE_SELF', 'You cannot change your own roles');
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.findManageable(manager, principal, id);
      const grant = await manager.findOne(RoleAssignmentEntity, { where: { id: roleId, userId: user.id } });
      if (grant === null)
        throw new DomainException('USER_NOT_FOUND', 'No such role on this user', { roleId });
      await manager.delete(RoleAssignmentEntity, { id: grant.id });
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        communityId: grant.communityId,
        actorId: principal.userId,
        action: 'user.role_remove',
        targetType: 'user',
        targetId: user.id,
        data: { role: grant.role, communityId: grant.communityId },
      });
    });
    return this.get(principal, id);
  }

  /** The user if the caller may see them; otherwise they do not exist (404). */
  private async findVisible(manager: EntityManager, principal: Principal, id: string): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id, organizationId: principal.organizationId },
    });
    if (user === null) throw new DomainException('USER_NOT_FOUND', 'User not found', { id });
    const scope = principal.communitiesWith('user.read');
    if (scope === ALL_COMMUNITIES) return user;
    const grants = await manager.find(RoleAssignmentEntity, { where: { userId: id } });
    if (!grants.some((grant) => grant.communityId !== null && scope.includes(grant.communityId))) {
      throw new DomainException('USER_NOT_FOUND', 'User not found', { id });
    }
    return user;
  }

  private async findManageable(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<UserEntity> {
    const user = await this.findVisible(manager, principal, id);
    const grants = await manager.find(RoleAssignmentEntity, { where: { userId: id } });
    for (const grant of grants) {
      const holderRoles =
        grant.communityId === null ? principal.organizationRoles() : principal.rolesIn(grant.communityId);
      const manages =
        grant.communityId === null
          ? principal.communitiesWith('user.manage') === ALL_COMMUNITIES
          : principal.can('user.manage', grant.communityId);
      if (!manages || !canAssignRole(holderRoles, grant.role)) {
        throw new DomainException('PERMISSION_DENIED', 'This person holds a role you may not manage', {
          role: grant.role,
        });
      }
    }
    return user;
  }

  /** The caller may give this role in this community (404 for a community they cannot see). */
  private async checkAssignable(
    manager: EntityManager,
    principal: Principal,
    grant: RoleGrantInput,
  ): Promise<void> {
    const organizationWide = isOrganizationRole(grant.role);
    if (organizationWide !== (grant.communityId === undefined || grant.communityId === null)) {
      throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: {
          communityId: [
            organizationWide
              ? `${grant.role} is held organisation-wide: omit communityId`
              : `${grant.role} needs a communityId`,
          ],
        },
      });
    }
    let holderRoles: Role[];
    if (grant.communityId === undefined || grant.communityId === null) {
      if (principal.communitiesWith('user.manage') !== ALL_COMMUNITIES) {
        throw new DomainException('ROLE_NOT_ASSIGNABLE', `You may not assign ${grant.role}`);
      }
      holderRoles = principal.organizationRoles();
    } else {
      await TenantScope.community(manager, principal, 'user.manage', grant.communityId);
      holderRoles = principal.rolesIn(grant.communityId);
    }
    if (!canAssignRole(holderRoles, grant.role)) {
      throw new DomainException('ROLE_NOT_ASSIGNABLE', `You may not assign ${grant.role}`, {
        role: grant.role,
      });
    }
  }

  private async insertGrant(
    manager: EntityManager,
    principal: Principal,
    userId: string,
    grant: RoleGrantInput,
  ): Promise<void> {
    await manager.insert(RoleAssignmentEntity, {
      id: newId(),
      organizationId: principal.organizationId,
      userId,
      communityId: grant.communityId ?? null,
      role: grant.role,
    });
    await this.audit.record(manager, {
      organizationId: principal.organizationId,
      communityId: grant.communityId ?? null,
      actorId: principal.userId,
      action: 'user.role_add',
      targetType: 'user',
      targetId: userId,
      data: { role: grant.role, communityId: grant.communityId ?? null },
    });
  }

  private async insertUnique(manager: EntityManager, user: UserEntity): Promise<void> {
    if (
      user.username !== null &&
      (await manager.exists(UserEntity, { where: { username: user.username } }))
    ) {
      throw new DomainException('USERNAME_TAKEN', 'That username is taken');
    }
    if (
      user.phone !== null &&
      (await manager.exists(UserEntity, {
        where: { organizationId: user.organizationId, phone: user.phone },
      }))
    ) {
      throw new DomainException('PHONE_TAKEN', 'That phone number is already registered');
    }
    try {
      await manager.insert(UserEntity, user);
    } catch (error) {
      // Two creations racing past the checks above: the unique index decides.
      if (isUniqueViolation(error))
        throw new DomainException('USERNAME_TAKEN', 'That username or phone is taken');
      throw error;
    }
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem !== null) throw new DomainException('PASSWORD_TOO_WEAK', `The password needs ${problem}`);
  }

  private async revokeSessions(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.update(
      SessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  private async views(principal: Principal, users: UserEntity[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const withHash = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .select(['user.id'])
      .addSelect('user.passwordHash')
      .where({ id: In(users.map((user) => user.id)) })
      .getMany();
    const hasPassword = new Set(withHash.filter((user) => user.passwordHash !== null).map((user) => user.id));
    const grants = await this.dataSource.getRepository(RoleAssignmentEntity).find({
      where: { userId: In(users.map((user) => user.id)) },
      order: { createdAt: 'ASC' },
    });
    const visible = principal.visibleCommunities();
    return users.map((user) => ({
      id: user.id,
      name: user.name,
      username: user.username,
      phone: user.phone,
      status: user.status,
      onDuty: user.onDuty,
      hasPassword: hasPassword.has(user.id),
      lockedUntil:
        user.lockedUntil && user.lockedUntil.getTime() > Date.now() ? user.lockedUntil.toISOString() : null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      roles: grants
        .filter((grant) => grant.userId === user.id)
        // Roles in communities the caller cannot see stay hidden.
        .filter(
          (grant) =>
            visible === ALL_COMMUNITIES ||
            (grant.communityId !== null && visible.includes(grant.communityId)),
        )
        .map((grant) => ({ id: grant.id, role: grant.role, communityId: grant.communityId })),
    }));
  }
}
