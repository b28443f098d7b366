import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { CommunityEntity } from '../../org/entities/community.entity';

/** A trade (工种): plumbing, electrical, … Bound to areas and engineers for auto-dispatch. */
@Entity('trades')
@Index('UQ_trades_community_code', ['communityId', 'code'], { unique: true })
export class TradeEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
