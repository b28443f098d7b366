import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { OrganizationEntity } from './organization.entity';

/** A residential community (项目/小区) run by one organisation. */
@Entity('communities')
@Index('UQ_communities_org_code', ['organizationId', 'code'], { unique: true })
export class CommunityEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizationId' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  address!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
