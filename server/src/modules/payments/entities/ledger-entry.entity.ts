import { Column, Entity, Index } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

export const LEDGER_KINDS = ['payment', 'refund', 'payment_closed', 'refund_failed', 'alarm'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The community's money book: every payment and refund with its amount (refunds negative), and
 * every failure and alarm with the amount it concerned. Written once per fact: `dedupeKey` is
 * unique, so a duplicated notification cannot book the same money twice.
 */
@Entity('ledger_entries')
@Index('UQ_ledger_entries_dedupe', ['dedupeKey'], { unique: true })
@Index('IDX_ledger_entries_community_time', ['communityId', 'occurredAt'])
export class LedgerEntryEntity extends CommunityOwnedEntity {
  @Column({ type: 'varchar', length: 20 })
  kind!: LedgerKind;

  /** Signed fen: money in is positive, money back negative; 0 for failures and alarms. */
  @Column({ type: 'int' })
  amountFen!: number;

  /** The amount a failure or alarm was about. */
  @Column({ type: 'int', default: 0 })
  concernsFen!: number;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  orderId!: string | null;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  refundId!: string | null;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  surchargeId!: string | null;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  ticketId!: string | null;

  /** WeChat Pay's transaction_id / refund_id. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reference!: string | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  note!: string;

  @Column({ type: 'varchar', length: 100 })
  dedupeKey!: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt!: Date;
}
