import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { PLATFORM_APP_ID_MAX_LENGTH } from '../../../platforms/platform-token.entity';

/**
 * How many one-time WeChat subscribe consents a person has left for one template of one mini
 * program (R21): each accepted `requestSubscribeMessage` adds one, each message sent takes one,
 * and the platform's 43101 answer sets it to zero.
 */
@Entity('notification_consents')
@Index('UQ_notification_consents_user_template', ['userId', 'appId', 'templateId'], { unique: true })
export class NotificationConsentEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  /** The mini program's appid. */
  @Column({ type: 'varchar', length: PLATFORM_APP_ID_MAX_LENGTH })
  appId!: string;

  @Column({ type: 'varchar', length: 64 })
  templateId!: string;

  @Column({ type: 'int', default: 0 })
  remaining!: number;
}
