import type { StoredCommunitySettings } from '@smart-repair/shared';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';
import { CommunityEntity } from '../../org/entities/community.entity';

/**
 * A community's workflow settings (F1.7, F2.9), one row per community that saved any. A
 * community without a row works with the defaults; readers lay the row over them.
 */
@Entity('community_settings')
export class CommunitySettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'simple-json' })
  settings!: StoredCommunitySettings;

  /** Bumped by every save; a save applies only to the version it read (two racing saves never merge). */
  @Column({ type: 'int', default: 0 })
  version!: number;

  @UpdateDateColumn()
  updatedAt!: Date;

  /** Null until a person saves (the row may first be made by the system). */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  updatedBy!: string | null;
}
