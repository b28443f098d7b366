import { SETTINGS_LIMITS } from '@smart-repair/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CommunityOwnedEntity } from '../../../database/base.entity';
import { CommunityEntity } from '../../org/entities/community.entity';

/** A word masked in report text (敏感词, F1.5), stored in its normal form (normalizeSensitiveWord). */
@Entity('sensitive_words')
@Index('UQ_sensitive_words_community_word', ['communityId', 'word'], { unique: true })
export class SensitiveWordEntity extends CommunityOwnedEntity {
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'communityId' })
  community?: CommunityEntity;

  @Column({ type: 'varchar', length: SETTINGS_LIMITS.sensitiveWordMaxLength })
  word!: string;
}
