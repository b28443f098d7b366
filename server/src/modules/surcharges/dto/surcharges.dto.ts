import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SURCHARGE_APPROVER_ROLES,
  SURCHARGE_LIMITS,
  SURCHARGE_REASONS,
  SURCHARGE_STATUSES,
  type SurchargeApproverRole,
  type SurchargeLine,
  type SurchargeReason,
  type SurchargeStatus,
} from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../../common/http/dto-fields';
import { PageQuery } from '../../../common/http/pagination';

export class SurchargeLineDto implements SurchargeLine {
  @ApiProperty({ example: '角阀（铜）', maxLength: SURCHARGE_LIMITS.lineNameMaxLength })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(SURCHARGE_LIMITS.lineNameMaxLength)
  name!: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: SURCHARGE_LIMITS.quantity.max })
  @IsInt()
  @Min(SURCHARGE_LIMITS.quantity.min)
  @Max(SURCHARGE_LIMITS.quantity.max)
  quantity!: number;

  @ApiProperty({ type: 'integer', description: 'Price of one, in fen', example: 3550, minimum: 1 })
  @IsInt()
  @Min(SURCHARGE_LIMITS.unitPriceFen.min)
  @Max(SURCHARGE_LIMITS.unitPriceFen.max)
  unitPriceFen!: number;
}

export class RequestSurchargeDto {
  @ApiProperty({ enum: SURCHARGE_REASONS, example: 'damage_by_person' })
  @IsIn(SURCHARGE_REASONS)
  reason!: SurchargeReason;

  @ApiProperty({ type: [SurchargeLineDto], description: 'What is charged, line by line' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SURCHARGE_LIMITS.linesMax)
  @ValidateNested({ each: true })
  @Type(() => SurchargeLineDto)
  lines!: SurchargeLineDto[];

  @ApiPropertyOptional({ example: '管道被装修砸裂，需更换整段', maxLength: SURCHARGE_LIMITS.noteMaxLength })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(SURCHARGE_LIMITS.noteMaxLength)
  note?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Photos uploaded beforehand (POST /api/attachments)',
    example: ['0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SURCHARGE_LIMITS.photosMax)
  @IsUUID('all', { each: true })
  photoIds?: string[];
}

export class ListSurchargesQuery extends PageQuery {
  @ApiPropertyOptional({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ enum: SURCHARGE_STATUSES, example: 'pending_approval' })
  @IsOptional()
  @IsIn(SURCHARGE_STATUSES)
  status?: SurchargeStatus;
}

export class SurchargeLineView {
  @ApiProperty({ example: '角阀（铜）' })
  name!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 3550 })
  unitPriceFen!: number;

  @ApiProperty({ example: 7100 })
  amountFen!: number;
}

export class SurchargeApprovalView {
  @ApiProperty({ enum: SURCHARGE_APPROVER_ROLES, example: 'dispatcher' })
  role!: SurchargeApproverRole;

  @ApiProperty({ example: 0 })
  fromAmountFen!: number;

  @ApiProperty({ enum: ['approved', 'refused'], nullable: true, example: 'approved' })
  decision!: 'approved' | 'refused' | null;

  @ApiProperty({ nullable: true, type: String, example: '李调度' })
  by!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-30T08:00:00.000Z' })
  at!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '价格合理' })
  note!: string | null;
}

export class SurchargeView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8c' })
  ticketId!: string;

  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8d' })
  communityId!: string;

  @ApiProperty({ enum: SURCHARGE_STATUSES, example: 'pending_approval' })
  status!: SurchargeStatus;

  @ApiProperty({ enum: SURCHARGE_REASONS, example: 'damage_by_person' })
  reason!: SurchargeReason;

  @ApiProperty({ example: '管道被装修砸裂，需更换整段' })
  note!: string;

  @ApiProperty({ type: [SurchargeLineView] })
  lines!: SurchargeLineView[];

  @ApiProperty({ example: 12_100 })
  totalFen!: number;

  @ApiProperty({ type: [String], example: ['0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b'] })
  photoIds!: string[];

  @ApiProperty({ type: [SurchargeApprovalView] })
  approvals!: SurchargeApprovalView[];

  @ApiProperty({ nullable: true, type: String, example: '太贵了' })
  outcomeNote!: string | null;

  @ApiProperty({ example: 0 })
  paidFen!: number;

  @ApiProperty({ example: 0 })
  refundedFen!: number;

  @ApiProperty({ example: '张师傅' })
  requestedBy!: string;

  @ApiProperty({
    type: [String],
    description: 'What the caller may do with it now',
    example: ['approve', 'refuse'],
  })
  actions!: string[];

  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-30T08:05:00.000Z' })
  updatedAt!: string;
}

export class SurchargePageView {
  @ApiProperty({ type: [SurchargeView] })
  items!: SurchargeView[];

  @ApiProperty({ example: 1 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;
}
