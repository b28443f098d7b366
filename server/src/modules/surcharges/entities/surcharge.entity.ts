import type {
  SurchargeApproverRole,
  SurchargeLine,
  SurchargeReason,
  SurchargeStatus,
} from '@smart-repair/shared';
import { Column, Entity, Index } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

/** One level of a surcharge's approval chain and, once taken, the decision on it. */
export interface SurchargeApproval {
  role: SurchargeApproverRole;
  fromAmountFen: number;
  decision: 'approved' | 'refused' | null;
  userId: string | null;
  at: string | null;
  note: string | null;
}

/**
 * A surcharge (加价) on a ticket: itemised lines, the reason and photos, the approval chain fixed
 * when it was requested (later changes to the community's chain do not move it), the resident's
 * answer, and what was paid and refunded, all in integer fen.
 */
@Entity('surcharges')
@Index('IDX_surcharges_ticket', ['ticketId', 'createdAt'])
@Index('IDX_surcharges_community_status', ['communityId', 'status', 'createdAt'])
export class SurchargeEntity extends CommunityOwnedEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  ticketId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  requestedById!: string;

  @Column({ type: 'varchar', length: 20 })
  reason!: SurchargeReason;

  @Column({ type: 'varchar', length: 500, default: '' })
  note!: string;

  @Column({ type: 'simple-json' })
  lines!: SurchargeLine[];

  @Column({ type: 'int' })
  totalFen!: number;

  /** Photos of the damage or the parts, claimed for the ticket. */
  @Column({ type: 'simple-json' })
  photoIds!: string[];

  @Column({ type: 'simple-json' })
  approvals!: SurchargeApproval[];

  @Column({ type: 'varchar', length: 20 })
  status!: SurchargeStatus;

  /** Why the resident declined, or why it was refused or withdrawn. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  outcomeNote!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  residentDecidedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  paidFen!: number;

  @Column({ type: 'int', default: 0 })
  refundedFen!: number;

  /** Bumped by every change; changes are conditional on it, so two people cannot both decide. */
  @Column({ type: 'int', default: 0 })
  version!: number;
}
