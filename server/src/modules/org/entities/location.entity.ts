import type { LocationKind } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { CommunityEntity } from './community.entity';

/** A node of a community's location tree: area › building › floor › room, or a public place. */
@Entity('locations')
@Index('IDX_locations_community_parent', ['communityId', 'parentId'])
@Index('UQ_locations_community_code', ['communityId', 'code'], { unique: true })
export class LocationEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  parentId!: string | null;

  @ManyToOne(() => LocationEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parentId' })
  parent?: LocationEntity | null;

  /** The area this node lies in (itself for an area): what area-based dispatch looks up. */
  @Column({ type: 'varchar', length: ID_LENGTH })
  areaId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: LocationKind;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Optional short code, unique in the community (printed on QR labels later). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  code!: string | null;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;
}
