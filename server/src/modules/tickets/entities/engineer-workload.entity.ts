import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * What auto-dispatch weighs of each engineer, kept by the ticket journal as tickets change hands
 * and status: counting it from the tickets table on every report grew with the table.
 */
@Entity('engineer_workloads')
export class EngineerWorkloadEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  /** Tickets assigned to them in a WORKLOAD_STATUSES status. */
  @Column({ type: 'int', default: 0 })
  openTickets!: number;

  /** When work was last handed to them (dispatch, claim, transfer). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastAssignedAt!: Date | null;
}
