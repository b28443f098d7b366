import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { trim } from '../../../common/http/dto-fields';
import { PageQuery } from '../../../common/http/pagination';
import { LEDGER_KINDS, type LedgerKind } from '../entities/ledger-entry.entity';

const PEM_MAX = 8192;

export class SetPaymentMerchantDto {
  @ApiProperty({ example: '1230000109' })
  @Matches(/^\d{6,32}$/, { message: '$property must be digits' })
  mchid!: string;

  @ApiProperty({ description: 'The mini-program appid residents pay from', example: 'wx1234567890abcdef' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{4,64}$/, { message: '$property is not an appid' })
  appid!: string;

  @ApiProperty({
    description: 'Serial of the merchant API certificate',
    example: '5157F09EFDC096DE15EBE81A47057A72',
  })
  @Matches(/^[0-9A-Fa-f]{8,64}$/, { message: '$property must be hexadecimal' })
  serialNo!: string;

  @ApiProperty({
    description: 'apiclient_key.pem (stored sealed, never shown again)',
    example: '-----BEGIN PRIVATE KEY-----…',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PEM_MAX)
  privateKeyPem!: string;

  @ApiProperty({ description: 'apiclient_cert.pem', example: '-----BEGIN CERTIFICATE-----…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PEM_MAX)
  certificatePem!: string;

  @ApiProperty({ description: 'The APIv3 key, 32 characters (stored sealed)', example: 'a'.repeat(32) })
  @IsString()
  @Matches(/^[\x21-\x7e]{32}$/, { message: '$property must be 32 characters' })
  apiV3Key!: string;

  @ApiProperty({ enum: ['certificate', 'public_key'], example: 'public_key' })
  @IsIn(['certificate', 'public_key'])
  verificationMode!: 'certificate' | 'public_key';

  @ApiPropertyOptional({
    description: 'PUB_KEY_ID_… (public-key mode)',
    example: 'PUB_KEY_ID_0112340000000000',
  })
  @ValidateIf((dto: SetPaymentMerchantDto) => dto.verificationMode === 'public_key')
  @Matches(/^PUB_KEY_ID_[0-9A-Za-z_]{1,64}$/, { message: '$property must be a PUB_KEY_ID_…' })
  publicKeyId?: string;

  @ApiPropertyOptional({
    description: 'WeChat Pay public key PEM (public-key mode)',
    example: '-----BEGIN PUBLIC KEY-----…',
  })
  @ValidateIf((dto: SetPaymentMerchantDto) => dto.verificationMode === 'public_key')
  @IsString()
  @IsNotEmpty()
  @MaxLength(PEM_MAX)
  publicKeyPem?: string;
}

export class PaymentMerchantView {
  @ApiProperty({ example: '1230000109' }) mchid!: string;
  @ApiProperty({ example: 'wx1234567890abcdef' }) appid!: string;
  @ApiProperty({ example: '5157F09EFDC096DE15EBE81A47057A72' }) serialNo!: string;
  @ApiProperty({ enum: ['certificate', 'public_key'], example: 'public_key' })
  verificationMode!: 'certificate' | 'public_key';
  @ApiProperty({ nullable: true, type: String, example: 'PUB_KEY_ID_0112340000000000' }) publicKeyId!:
    string | null;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) updatedAt!: string;
}

export class RequestPaymentView {
  @ApiProperty({ example: 'wx1234567890abcdef' }) appId!: string;
  @ApiProperty({ example: '1764489600' }) timeStamp!: string;
  @ApiProperty({ example: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' }) nonceStr!: string;
  @ApiProperty({ example: 'prepay_id=wx201410272009395522657a690389285100' }) package!: string;
  @ApiProperty({ enum: ['RSA'], example: 'RSA' }) signType!: 'RSA';
  @ApiProperty({ example: 'oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ…' }) paySign!: string;
}

export class PaymentStartView {
  @ApiProperty({ example: 'SR3f9a0c1e2d4b5a697887a6b5' }) outTradeNo!: string;
  @ApiProperty({ description: 'The surcharge’s own total (R17)', example: 12_100 }) amountFen!: number;
  @ApiProperty({ example: '2026-11-30T08:30:00.000Z' }) expiresAt!: string;
  @ApiProperty({ type: RequestPaymentView }) requestPayment!: RequestPaymentView;
  @ApiProperty({ description: 'True in demo mode: the H5 app shows a simulated cashier', example: false })
  demo!: boolean;
}

export class RefundDto {
  @ApiProperty({ type: 'integer', description: 'Fen to give back (at most what is left)', example: 5000 })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  amountFen!: number;

  @ApiProperty({ example: '工单未维修，全额退款', maxLength: 80 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  reason!: string;
}

export class RefundView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: 'RF3f9a0c1e2d4b5a697887a6b5' }) outRefundNo!: string;
  @ApiProperty({ example: 5000 }) amountFen!: number;
  @ApiProperty({ enum: ['pending', 'processing', 'succeeded', 'failed'], example: 'succeeded' })
  status!: string;
  @ApiProperty({ example: '工单未维修，全额退款' }) reason!: string;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}

export class RefundableView {
  @ApiProperty({ example: 12_100 }) paidFen!: number;
  @ApiProperty({ example: 5000 }) refundedFen!: number;
  @ApiProperty({ description: 'Refunds asked for and not settled yet', example: 0 }) pendingFen!: number;
  @ApiProperty({ description: 'What a new refund may ask for at most', example: 7100 }) leftFen!: number;
}

export class LedgerQuery extends PageQuery {
  @ApiPropertyOptional({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({
    description: 'From this instant (default 30 days back)',
    example: '2026-11-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to this instant (default now)',
    example: '2026-12-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsDateString()
  to?: string;

  @ApiPropertyOptional({ enum: LEDGER_KINDS, example: 'payment' })
  @IsOptional()
  @IsIn(LEDGER_KINDS)
  kind?: LedgerKind;
}

export class LedgerEntryView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8c' }) communityId!: string;
  @ApiProperty({ enum: LEDGER_KINDS, example: 'payment' }) kind!: LedgerKind;
  @ApiProperty({ description: 'Signed fen: in positive, refunds negative', example: 12_100 })
  amountFen!: number;
  @ApiProperty({ description: 'What a failure or alarm concerned', example: 0 }) concernsFen!: number;
  @ApiProperty({ nullable: true, type: String, example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8d' }) ticketId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8e' })
  surchargeId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '4200000000000000000000000000' }) reference!:
    string | null;
  @ApiProperty({ example: '' }) note!: string;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) occurredAt!: string;
}

export class LedgerDayView {
  @ApiProperty({ description: 'The day in China time', example: '2026-11-30' }) day!: string;
  @ApiProperty({ example: 24_200 }) paymentsFen!: number;
  @ApiProperty({ example: 5000 }) refundsFen!: number;
  @ApiProperty({ example: 19_200 }) netFen!: number;
  @ApiProperty({ example: 2 }) payments!: number;
  @ApiProperty({ example: 1 }) refunds!: number;
  @ApiProperty({ description: 'Closed unpaid orders, failed refunds and alarms', example: 0 })
  problems!: number;
}

export class LedgerView {
  @ApiProperty({ type: [LedgerEntryView] }) items!: LedgerEntryView[];
  @ApiProperty({ example: 3 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ type: [LedgerDayView], description: 'Totals per day of the whole range' })
  days!: LedgerDayView[];
  @ApiProperty({ type: LedgerDayView, description: 'Totals of the whole range (day is the range)' })
  totals!: LedgerDayView;
}
