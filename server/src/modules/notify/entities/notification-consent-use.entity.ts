import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../../database/ids';

/**
 * The consent one subscribe message took, recorded in the same transaction that took it: a
 * message sent again (its worker died, the platform timed out) never takes a second one.
 */
@Entity('notification_consent_uses')
export class NotificationConsentUseEntity {
  /** The outbox message's id. */
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  outboxId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  consentId!: string;

  @CreateDateColumn()
  createdAt!: Date;
}
