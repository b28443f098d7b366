import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FAULT_CAUSES, LIMITS, type FaultCause } from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
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

/** A free-text note on an action (masked for sensitive words). */
export class NoteDto {
  @ApiPropertyOptional({ example: '已电话联系住户', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** Actions that need a reason: return, rework, close, cancel, refuse a plan, reopen. */
export class ReasonDto {
  @ApiProperty({ example: '不属于本工种，请改派电工', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class DispatchDto extends NoteDto {
  @ApiPropertyOptional({
    example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b',
    description: 'The engineer; omit to let the system choose (auto-dispatch)',
  })
  @IsOptional()
  @IsUUID()
  engineerId?: string;
}

export class TransferDto extends ReasonDto {
  @ApiProperty({
    example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b',
    description: 'The engineer to hand the order to',
  })
  @IsUUID()
  engineerId!: string;
}

export class AssistanceDto extends NoteDto {
  @ApiProperty({
    type: [String],
    example: ['0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b'],
    description: 'Engineers asked to help',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  engineerIds!: string[];
}

export class PartUsedDto {
  @ApiProperty({ example: '陶瓷阀芯' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

export class CompleteDto {
  @ApiProperty({ enum: FAULT_CAUSES, example: 'natural_wear' })
  @IsIn(FAULT_CAUSES)
  faultCause!: FaultCause;

  @ApiProperty({ example: '更换阀芯，试水无渗漏', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  handlingMethod!: string;

  @ApiPropertyOptional({ type: [PartUsedDto], example: [{ name: '陶瓷阀芯', quantity: 1 }] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartUsedDto)
  parts?: PartUsedDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['0193f1d2-3333-7b4e-9a55-3c2d1e0f9a8b'],
    description: 'Photos after the repair',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class RateDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  stars!: number;

  @ApiPropertyOptional({ example: '师傅很准时，修得很好', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class PlanRequestDto extends ReasonDto {
  @ApiProperty({ example: '2026-12-15T01:00:00.000Z', description: 'When the planned job will be done' })
  @IsDateString({ strict: true })
  plannedFor!: string;
}

export class MessageDto {
  @ApiProperty({ example: '师傅大概几点到？', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  body!: string;
}

export class MergeDto {
  @ApiProperty({
    example: '0193f1d2-4444-7b4e-9a55-3c2d1e0f9a8b',
    description: 'The ticket this one duplicates',
  })
  @IsUUID()
  intoTicketId!: string;
}
