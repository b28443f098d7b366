import type {
  DispatchMode,
  DispatchReason,
  FaultCause,
  TicketChannel,
  TicketStatus,
  Urgency,
} from '@smart-repair/shared';
import { Column, Entity, Index } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

export interface PartUsed {
  name: string;
  quantity: number;
}

/** A repair ticket (报修单): one report, from the resident's words to the rating. */
@Entity('tickets')
@Index('UQ_tickets_community_number', ['communityId', 'number'], { unique: true })
@Index('IDX_tickets_community_status', ['communityId', 'status', 'createdAt'])
@Index('IDX_tickets_reporter', ['reporterId', 'createdAt'])
@Index('IDX_tickets_assignee', ['assigneeId', 'status'])
// Dispatch reads each engineer's recent ratings and latest order through these two.
@Index('IDX_tickets_assignee_closed', ['assigneeId', 'closedAt'])
@Index('IDX_tickets_assignee_created', ['assigneeId', 'createdAt'])
@Index('IDX_tickets_duplicates', ['communityId', 'locationId', 'categoryId', 'status'])
@Index('IDX_tickets_deadline', ['stepDeadlineAt'])
export class TicketEntity extends CommunityOwnedEntity {
  /** Read aloud on the phone: YYMMDD-NNNN, unique in the community. */
  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TicketStatus;

  /** Bumped by every change, so concurrent changes are detected by a conditional UPDATE. */
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  channel!: TicketChannel;

  /** The resident who reported, or null for a call entered by staff for someone without an account. */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  reporterId!: string | null;

  @Column({ type: 'varchar', length: ID_LENGTH })
  createdById!: string;

  @Column({ type: 'varchar', length: 64 })
  contactName!: string;

  @Column({ type: 'varchar', length: 20 })
  contactPhone!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  locationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  areaId!: string;

  /** The location's path when reported ("一区 › 3栋 › 5层 › 502室"), kept even if renamed later. */
  @Column({ type: 'varchar', length: 300 })
  locationPath!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  categoryId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  tradeId!: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  appointmentStart!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  appointmentEnd!: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  urgency!: Urgency;

  @Column({ type: 'varchar', length: 8 })
  dispatchMode!: DispatchMode;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  dispatchReason!: DispatchReason | null;

  /** An earlier open report of the same fault this one was linked or merged into. */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  duplicateOfId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  faultCause!: FaultCause | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  handlingMethod!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  partsUsed!: PartUsed[] | null;

  @Column({ type: 'int', nullable: true })
  rating!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  ratingComment!: string | null;

  /** rated, closed, duplicate, merged, cancelled */
  @Column({ type: 'varchar', length: 16, nullable: true })
  closeReason!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  plannedFor!: Date | null;

  /** When the current step began, and when it is due by the community's time limits. */
  @Column({ type: 'datetime', precision: 3 })
  stepStartedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  stepDeadlineAt!: Date | null;

  /** Set when the current step was flagged overdue; cleared by the next step. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueAt!: Date | null;

  /** 0 none, 1 dispatcher told, 2 admin told — for the current step. */
  @Column({ type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ type: 'int', default: 0 })
  lastEventSeq!: number;

  @Column({ type: 'varchar', length: 64 })
  lastEventHash!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;
}
