import type { Role } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { CommunityEntity } from '../../org/entities/community.entity';
import { UserEntity } from './user.entity';

/** A role held by a user: in one community, or organisation-wide (communityId null, hq_admin). */
@Entity('role_assignments')
@Index('IDX_role_assignments_user', ['userId'])
@Index('IDX_role_assignments_community_role', ['communityId', 'role'])
export class RoleAssignmentEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  communityId!: string | null;

  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity | null;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;
}
