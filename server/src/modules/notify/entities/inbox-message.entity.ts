import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * The in-app inbox every user has, whatever happens to the platforms. Its id is the outbox
 * message's id, so delivering the same message twice leaves one row.
 */
@Entity('inbox_messages')
@Index('IDX_inbox_user_created', ['userId', 'createdAt'])
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  body!: string;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  ticketId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  readAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
