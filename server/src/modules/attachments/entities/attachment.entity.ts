import type { AttachmentKind, AttachmentPurpose } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';
import { UserEntity } from '../../identity/entities/user.entity';
import { CommunityEntity } from '../../org/entities/community.entity';

/**
 * An uploaded photo, video or voice note (F1.2, F2.4). It belongs to its uploader until a ticket
 * claims it; from then on whoever may see that ticket may see it.
 */
@Entity('attachments')
@Index('IDX_attachments_ticket', ['ticketId'])
@Index('IDX_attachments_uploader', ['uploaderId'])
export class AttachmentEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: ID_LENGTH })
  uploaderId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaderId' })
  uploader?: UserEntity;

  @Column({ type: 'varchar', length: 8 })
  kind!: AttachmentKind;

  /** Sniffed from the bytes, never taken from the client. */
  @Column({ type: 'varchar', length: 64 })
  mime!: string;

  @Column({ type: 'varchar', length: 8 })
  ext!: string;

  /** Bytes. */
  @Column({ type: 'int' })
  size!: number;

  /** Hex SHA-256 of the bytes (varchar: SQLite and MySQL share no fixed-length char type). */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Where the bytes are in FileStorage: `<communityId>/<yyyy>/<mm>/<id>`. */
  @Column({ type: 'varchar', length: 128 })
  storageKey!: string;

  /** Sanitised display name, shown and offered on download only. */
  @Column({ type: 'varchar', length: 128 })
  fileName!: string;

  /** The ticket that claimed it; null while it is still the uploader's own. */
  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  ticketId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  purpose!: AttachmentPurpose | null;
}
