import type { DeliveryStatus } from '@smart-repair/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

export type OutboxStatus = DeliveryStatus;

/**
 * A message to deliver, written in the same transaction as the change that caused it (R19).
 * Workers claim rows one by one with a conditional UPDATE, so two never send the same row (R20);
 * a claim that outlives its lease (a worker killed mid-send) is claimed again and sent again,
 * which the channel deduplicates by the row's id.
 */
@Entity('outbox_messages')
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_org_created', ['organizationId', 'createdAt'])
@Index('IDX_outbox_ticket', ['ticketId'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  communityId!: string | null;

  /** inbox, wechat_subscribe, wecom_card, dingtalk_notice */
  @Column({ type: 'varchar', length: 24 })
  channel!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  recipientId!: string;

  /** The ticket it is about, if any (admins look deliveries up by it). */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  ticketId!: string | null;

  /** What happened, e.g. ticket.dispatch */
  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  /** One message per cause and person: a retried use case or a second worker adds nothing. */
  @Column({ type: 'varchar', length: 160, unique: true })
  dedupeKey!: string;

  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lockedBy!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn()
  createdAt!: Date;
}
