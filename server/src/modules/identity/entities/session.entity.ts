import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { UserEntity } from './user.entity';

/**
 * One login on one device. The refresh token is `<session id>.<secret>`; only the secret's hash
 * of the current token is kept. A refresh rotates it; presenting any other secret for a live
 * session means a token was stolen, and the whole session is revoked.
 */
@Entity('sessions')
@Index('IDX_sessions_user', ['userId'])
export class SessionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 64 })
  refreshTokenHash!: string;

  @Column({ type: 'int', default: 0 })
  rotations!: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  userAgent!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;
}
