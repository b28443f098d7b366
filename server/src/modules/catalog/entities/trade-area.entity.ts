import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';
import { LocationEntity } from '../../org/entities/location.entity';
import { TradeEntity } from './trade.entity';

/** A trade serves an area: reports in that area needing that trade go to its engineers. */
@Entity('trade_areas')
@Index('IDX_trade_areas_area', ['areaId'])
export class TradeAreaEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  tradeId!: string;

  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  areaId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  @ManyToOne(() => TradeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tradeId' })
  trade?: TradeEntity;

  @ManyToOne(() => LocationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'areaId' })
  area?: LocationEntity;
}
