import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/** A message on a ticket among reporter, engineers and the office (F2.6). */
@Entity('ticket_messages')
@Index('IDX_ticket_messages_ticket', ['ticketId', 'createdAt'])
export class TicketMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  ticketId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  authorId!: string;

  @Column({ type: 'varchar', length: 16 })
  authorRole!: string;

  @Column({ type: 'varchar', length: 1000 })
  body!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
