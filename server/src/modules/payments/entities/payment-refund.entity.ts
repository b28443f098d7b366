import { Column, Entity, Index } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

export type PaymentRefundStatus = 'pending' | 'processing' | 'succeeded' | 'failed';

/**
 * A full or partial refund of a paid order. Written before WeChat Pay is asked, under a number of
 * ours that is the request's idempotency key, so a retry never refunds twice.
 */
@Entity('payment_refunds')
@Index('UQ_payment_refunds_out_refund_no', ['outRefundNo'], { unique: true })
@Index('IDX_payment_refunds_order', ['orderId'])
@Index('IDX_payment_refunds_check', ['status', 'nextCheckAt'])
export class PaymentRefundEntity extends CommunityOwnedEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  orderId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  surchargeId!: string;

  @Column({ type: 'varchar', length: 64 })
  outRefundNo!: string;

  @Column({ type: 'int' })
  amountFen!: number;

  @Column({ type: 'varchar', length: 80 })
  reason!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  requestedById!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentRefundStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  refundId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextCheckAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  checks!: number;
}
