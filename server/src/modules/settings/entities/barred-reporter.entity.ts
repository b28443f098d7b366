import { SETTINGS_LIMITS } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { CommunityEntity } from '../../org/entities/community.entity';

/**
 * A ban on reporting in one community (发单人管理, F1.6): of a person, of a phone number (for
 * reports entered on a caller's behalf), or of both. Bans are lifted by deleting them or by
 * `until` passing.
 */
@Entity('barred_reporters')
@Index('IDX_barred_reporters_community_user', ['communityId', 'userId'])
@Index('IDX_barred_reporters_community_phone', ['communityId', 'phone'])
export class BarredReporterEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: SETTINGS_LIMITS.barReasonMaxLength })
  reason!: string;

  /** The ban ends at this moment; null bars indefinitely. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  until!: Date | null;

  @Column({ type: 'varchar', length: ID_LENGTH })
  createdBy!: string;
}
