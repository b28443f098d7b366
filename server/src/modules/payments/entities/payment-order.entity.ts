import { Column, Entity, Index } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import type { RequestPaymentParams } from '../../../platforms/wechat-pay';

export type PaymentOrderStatus = 'open' | 'paid' | 'closed';

/**
 * One WeChat Pay order for a surcharge, under a number of ours. It is written before WeChat Pay is
 * asked for a prepay, so a crash in between leaves an order the reconciliation can query; a second
 * tap finds it and answers the same payment parameters (R16).
 */
@Entity('payment_orders')
@Index('UQ_payment_orders_out_trade_no', ['outTradeNo'], { unique: true })
@Index('IDX_payment_orders_surcharge', ['surchargeId', 'status'])
@Index('IDX_payment_orders_check', ['status', 'nextCheckAt'])
export class PaymentOrderEntity extends CommunityOwnedEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  surchargeId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  ticketId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  merchantId!: string;

  @Column({ type: 'varchar', length: 32 })
  outTradeNo!: string;

  /** Always the surcharge's own total when the order was made (R17). */
  @Column({ type: 'int' })
  amountFen!: number;

  @Column({ type: 'varchar', length: ID_LENGTH })
  payerId!: string;

  @Column({ type: 'varchar', length: 128 })
  payerOpenid!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentOrderStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId!: string | null;

  /** What the app passes to requestPayment, kept so a retry gets the very same parameters. */
  @Column({ type: 'simple-json', nullable: true })
  requestPayment!: RequestPaymentParams | null;

  /** After this the order is closed unless paid (never under five minutes, R15). */
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  /** When reconciliation asks WeChat Pay about it next (R14); null once settled. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextCheckAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  checks!: number;

  @Column({ type: 'int', default: 0 })
  refundedFen!: number;
}
