import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_LENGTH } from '../../database/ids';

/** One recorded change: who did what to which record, written in the change's own transaction. */
@Entity('audit_events')
@Index('IDX_audit_events_org_created', ['organizationId', 'createdAt'])
@Index('IDX_audit_events_target', ['targetType', 'targetId'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  communityId!: string | null;

  /** Null for the system itself (demo data, scheduled jobs). */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  actorId!: string | null;

  /** `resource.verb`, e.g. `location.create`, `user.disable`, `auth.login_failed`. */
  @Column({ type: 'varchar', length: 48 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  targetId!: string;

  @Column({ type: 'simple-json', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @CreateDateColumn()
  createdAt!: Date;
}
