import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { ID_LENGTH } from '../../../database/ids';

/**
 * An organisation's WeChat Pay merchant (普通商户). The private key and the APIv3 key are sealed
 * (SecretBox) and never answered back; certificates and public keys are not secret.
 */
@Entity('payment_merchants')
@Index('UQ_payment_merchants_org', ['organizationId'], { unique: true })
export class PaymentMerchantEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: 32 })
  mchid!: string;

  /** The mini-program appid residents pay from. */
  @Column({ type: 'varchar', length: 64 })
  appid!: string;

  @Column({ type: 'varchar', length: 64 })
  serialNo!: string;

  @Column({ type: 'text', select: false })
  privateKeyCipher!: string;

  @Column({ type: 'text' })
  certificatePem!: string;

  @Column({ type: 'varchar', length: 256, select: false })
  apiV3KeyCipher!: string;

  /** 'certificate' (platform certificates) or 'public_key' (PUB_KEY_ID_…). */
  @Column({ type: 'varchar', length: 16 })
  verificationMode!: 'certificate' | 'public_key';

  @Column({ type: 'varchar', length: 64, nullable: true })
  publicKeyId!: string | null;

  @Column({ type: 'text', nullable: true })
  publicKeyPem!: string | null;
}
