import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/** The last ticket number handed out per community and day (Asia/Shanghai). */
@Entity('ticket_counters')
export class TicketCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;

  /** YYMMDD */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  day!: string;

  @Column({ type: 'int' })
  last!: number;
}
