import type { NotificationTemplates, NotifyAudience, NotifyChannel, NotifyEvent } from '@smart-repair/shared';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

/**
 * One of an organisation's notification rules: which event tells whom, on which platforms and
 * with which texts. An organisation without any uses DEFAULT_NOTIFICATION_RULES; saving its own
 * set replaces them all.
 */
@Entity('notification_rules')
@Index('IDX_notification_rules_org', ['organizationId', 'position'])
export class NotificationRuleEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  /** Order within the set, as HQ saved it. */
  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 32 })
  event!: NotifyEvent;

  @Column({ type: 'simple-json' })
  audience!: NotifyAudience[];

  @Column({ type: 'simple-json' })
  channels!: NotifyChannel[];

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** Per channel: the WeChat template id and keyword texts, card and notice headings. */
  @Column({ type: 'simple-json' })
  templates!: NotificationTemplates;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;
}
