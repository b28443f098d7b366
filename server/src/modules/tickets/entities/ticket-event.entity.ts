import type { TicketStatus } from '@smart-repair/shared';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * One step of a ticket's history: every transition, and the system's own marks (overdue,
 * escalation, duplicate links). Each row stores the hash of the one before, so an edited or
 * deleted row breaks the chain (see TicketChain).
 */
@Entity('ticket_events')
@Index('UQ_ticket_events_ticket_seq', ['ticketId', 'seq'], { unique: true })
export class TicketEventEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  ticketId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  /** 1, 2, 3 … per ticket. */
  @Column({ type: 'int' })
  seq!: number;

  /** A TicketAction, or a system mark: overdue, escalated, duplicate_linked, merged, split. */
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus!: TicketStatus | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus!: TicketStatus;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  actorId!: string | null;

  /** The part the actor played: reporter, assignee, dispatcher, admin, system, … */
  @Column({ type: 'varchar', length: 16 })
  actorRole!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
