import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { OrganizationEntity } from '../../org/entities/organization.entity';

export type UserStatus = 'active' | 'disabled';

/** A person known to one organisation: staff (with a password) or a resident. */
@Entity('users')
@Index('UQ_users_org_phone', ['organizationId', 'phone'], { unique: true })
export class UserEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizationId' })
  organization?: OrganizationEntity;

  /** Login name, unique across the whole system so a login needs no organisation. */
  @Column({ type: 'varchar', length: 32, nullable: true, unique: true })
  username!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Argon2id PHC string; null for people who only log in through a platform. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: UserStatus;

  /** Engineers: taking new orders now (auto-dispatch reads it). */
  @Column({ type: 'boolean', default: true })
  onDuty!: boolean;

  @Column({ type: 'int', default: 0 })
  failedLoginCount!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;
}
