import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import { SecretBox } from '../../platforms/secret-box';
import { WechatPayGateway, type WechatPayMerchant } from '../../platforms/wechat-pay';
import type { Principal } from '../../tenancy/principal';
import { AuditService } from '../audit/audit.service';
import type { PaymentMerchantView, SetPaymentMerchantDto } from './dto/payments.dto';
import { PaymentMerchantEntity } from './entities/payment-merchant.entity';

/** A merchant ready to use: its row and a gateway holding its opened keys. */
export interface ReadyMerchant {
  id: string;
  organizationId: string;
  mchid: string;
  appid: string;
  gateway: WechatPayGateway;
}

/**
 * Each organisation's WeChat Pay merchant: HQ sets it (keys sealed at rest, never answered back);
 * payments get a gateway for it, built once per process and rebuilt when the merchant changes.
 */
@Injectable()
export class PaymentMerchantsService {
  private readonly box: SecretBox;
  private readonly gateways = new Map<string, { stamp: number; ready: ReadyMerchant }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.platforms.secretsKey);
  }

  async get(principal: Principal): Promise<PaymentMerchantView | null> {
    const row = await this.dataSource
      .getRepository(PaymentMerchantEntity)
      .findOneBy({ organizationId: principal.organizationId });
    return row === null ? null : toView(row);
  }

  /** Sets (or replaces) the organisation's merchant; the keys are checked by building a gateway. */
  async set(principal: Principal, dto: SetPaymentMerchantDto): Promise<PaymentMerchantView> {
    const merchant: WechatPayMerchant = {
      mchid: dto.mchid,
      appid: dto.appid,
      serialNo: dto.serialNo,
      privateKeyPem: dto.privateKeyPem,
      certificatePem: dto.certificatePem,
      apiV3Key: dto.apiV3Key,
      verification:
        dto.verificationMode === 'public_key'
          ? { mode: 'public_key', keyId: dto.publicKeyId ?? '', publicKeyPem: dto.publicKeyPem ?? '' }
          : { mode: 'certificate' },
      baseUrl: this.config.platforms.baseUrls.wechatPay,
    };
    try {
      new WechatPayGateway(merchant);
    } catch (error) {
      throw new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: { merchant: [error instanceof Error ? error.message : 'the keys do not work'] },
      });
    }
    await inTransaction(this.dataSource, async (manager) => {
      const existing = await manager.findOneBy(PaymentMerchantEntity, {
        organizationId: principal.organizationId,
      });
      const row = {
        organizationId: principal.organizationId,
        mchid: dto.mchid,
        appid: dto.appid,
        serialNo: dto.serialNo,
        privateKeyCipher: this.box.seal(dto.privateKeyPem),
        certificatePem: dto.certificatePem,
        apiV3KeyCipher: this.box.seal(dto.apiV3Key),
        verificationMode: dto.verificationMode,
        publicKeyId: dto.verificationMode === 'public_key' ? (dto.publicKeyId ?? null) : null,
        publicKeyPem: dto.verificationMode === 'public_key' ? (dto.publicKeyPem ?? null) : null,
      };
      if (existing === null) await manager.insert(PaymentMerchantEntity, { id: newId(), ...row });
      else await manager.update(PaymentMerchantEntity, { id: existing.id }, row);
      await this.audit.record(manager, {
        organizationId: principal.organizationId,
        actorId: principal.userId,
        action: 'payment_merchant.set',
        targetType: 'organization',
        targetId: principal.organizationId,
        data: { mchid: dto.mchid, appid: dto.appid, mode: dto.verificationMode },
      });
    });
    return (await this.get(principal))!;
  }

  /** The organisation's merchant with a gateway, or null when it has none. */
  async forOrganization(organizationId: string): Promise<ReadyMerchant | null> {
    const row = await this.withKeys().where({ organizationId }).getOne();
    return row === null ? null : this.ready(row);
  }

  async byId(id: string): Promise<ReadyMerchant | null> {
    const row = await this.withKeys().where({ id }).getOne();
    return row === null ? null : this.ready(row);
  }

  private ready(row: PaymentMerchantEntity): ReadyMerchant {
    const stamp = row.updatedAt.getTime();
    const cached = this.gateways.get(row.id);
    if (cached !== undefined && cached.stamp === stamp) return cached.ready;
    const gateway = new WechatPayGateway({
      mchid: row.mchid,
      appid: row.appid,
      serialNo: row.serialNo,
      privateKeyPem: this.box.open(row.privateKeyCipher),
      certificatePem: row.certificatePem,
      apiV3Key: this.box.open(row.apiV3KeyCipher),
      verification:
        row.verificationMode === 'public_key'
          ? { mode: 'public_key', keyId: row.publicKeyId ?? '', publicKeyPem: row.publicKeyPem ?? '' }
          : { mode: 'certificate' },
      baseUrl: this.config.platforms.baseUrls.wechatPay,
    });
    const ready = {
      id: row.id,
      organizationId: row.organizationId,
      mchid: row.mchid,
      appid: row.appid,
      gateway,
    };
    this.gateways.set(row.id, { stamp, ready });
    return ready;
  }

  private withKeys() {
    return this.dataSource
      .getRepository(PaymentMerchantEntity)
      .createQueryBuilder('merchant')
      .addSelect(['merchant.privateKeyCipher', 'merchant.apiV3KeyCipher']);
  }
}

function toView(row: PaymentMerchantEntity): PaymentMerchantView {
  return {
    mchid: row.mchid,
    appid: row.appid,
    serialNo: row.serialNo,
    verificationMode: row.verificationMode,
    publicKeyId: row.publicKeyId,
    updatedAt: row.updatedAt.toISOString(),
  };
}
