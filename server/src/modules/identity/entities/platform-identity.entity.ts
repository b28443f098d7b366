import type { PlatformAppKind } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { PLATFORM_APP_ID_MAX_LENGTH } from '../../../platforms/platform-token.entity';
import { UserEntity } from './user.entity';

/**
 * One person as one platform app knows them: a WeChat or Baidu openid, a WeCom or DingTalk userid.
 * A user may have several (the same person on WeChat and in WeCom); each belongs to one user.
 */
@Entity('platform_identities')
@Index('UQ_platform_identities_subject', ['kind', 'appId', 'subject'], { unique: true })
@Index('IDX_platform_identities_user', ['userId'])
@Index('IDX_platform_identities_union', ['organizationId', 'unionId'])
export class PlatformIdentityEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 24 })
  kind!: PlatformAppKind;

  @Column({ type: 'varchar', length: PLATFORM_APP_ID_MAX_LENGTH })
  appId!: string;

  /** openid (WeChat, Baidu) or userid (WeCom, DingTalk). */
  @Column({ type: 'varchar', length: 128 })
  subject!: string;

  /** WeChat unionid / DingTalk unionid: the same person across apps of one platform account. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  unionId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;
}
