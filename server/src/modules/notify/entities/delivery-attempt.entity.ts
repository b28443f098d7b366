import type { DeliveryOutcome } from '@smart-repair/shared';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * One try at delivering an outbox message, written by the worker when it claims the message and
 * finished when it settles it. One left unfinished (its worker died) is marked interrupted when
 * the message is claimed again. Admins read these to see why a person was not reached.
 */
@Entity('delivery_attempts')
@Index('IDX_delivery_attempts_outbox', ['outboxId', 'startedAt'])
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  outboxId!: string;

  /** Which worker process tried. */
  @Column({ type: 'varchar', length: 100 })
  worker!: string;

  @Column({ type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  /** Null while the attempt is under way. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: DeliveryOutcome | null;

  /** The platform's own error code (errcode, or timeout / network / http_503 …). */
  @Column({ type: 'varchar', length: 48, nullable: true })
  errorCode!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;
}
