import type { DispatchMode } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { CommunityEntity } from '../../org/entities/community.entity';
import { TradeEntity } from './trade.entity';

/** A repair category (报修产品) a resident picks, bound to the trade that repairs it. */
@Entity('repair_categories')
@Index('UQ_repair_categories_community_code', ['communityId', 'code'], { unique: true })
@Index('IDX_repair_categories_trade', ['tradeId'])
export class RepairCategoryEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: ID_LENGTH })
  tradeId!: string;

  @ManyToOne(() => TradeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tradeId' })
  trade?: TradeEntity;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ type: 'varchar', length: 8, default: 'auto' })
  dispatchMode!: DispatchMode;
}
