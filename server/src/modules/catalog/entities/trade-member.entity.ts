import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';
import { UserEntity } from '../../identity/entities/user.entity';
import { TradeEntity } from './trade.entity';

/** An engineer skilled in a trade (a user may be in several). */
@Entity('trade_members')
@Index('IDX_trade_members_user', ['userId'])
export class TradeMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  tradeId!: string;

  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  @ManyToOne(() => TradeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tradeId' })
  trade?: TradeEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;
}
