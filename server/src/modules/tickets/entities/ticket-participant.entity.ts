import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * People on a ticket besides reporter and assignee: engineers asked to assist (invitee) and
 * those who joined (assistant), and residents following it because they reported the same fault.
 */
export type ParticipantKind = 'invitee' | 'assistant' | 'follower';

@Entity('ticket_participants')
@Index('IDX_ticket_participants_user', ['userId', 'kind'])
export class TicketParticipantEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  ticketId!: string;

  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: ParticipantKind;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  @CreateDateColumn()
  createdAt!: Date;
}
