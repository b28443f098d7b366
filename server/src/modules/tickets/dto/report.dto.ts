import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PHONE_PATTERN,
  TICKET_CHANNELS,
  URGENCIES,
  type TicketChannel,
  type Urgency,
} from '@smart-repair/shared';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { NameField, trim } from '../../../common/http/dto-fields';

export class ReportTicketDto {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiProperty({
    example: '0193f1d2-ffff-7b4e-9a55-3c2d1e0f9a8b',
    description: 'A room, or a public place, from the location tree',
  })
  @IsUUID()
  locationId!: string;

  @ApiProperty({ example: '0193f1d2-2222-7b4e-9a55-3c2d1e0f9a8b', description: 'Repair category (报修产品)' })
  @IsUUID()
  categoryId!: string;

  @ApiPropertyOptional({ example: '厨房水龙头一直滴水，关不紧', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;

  @NameField('孙女士', { optional: true })
  contactName?: string;

  @ApiPropertyOptional({ example: '13800001051' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be an 11-digit mainland mobile number' })
  contactPhone?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T01:00:00.000Z',
    description: 'Start of the window the resident is at home',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  appointmentStart?: string;

  @ApiPropertyOptional({ example: '2026-12-01T04:00:00.000Z' })
  @IsOptional()
  @IsDateString({ strict: true })
  appointmentEnd?: string;

  @ApiPropertyOptional({ enum: URGENCIES, example: 'normal' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({
    enum: TICKET_CHANNELS,
    example: 'wechat',
    description: 'Where the report came from',
  })
  @IsOptional()
  @IsIn(TICKET_CHANNELS)
  channel?: TicketChannel;

  @ApiPropertyOptional({
    type: [String],
    example: ['0193f1d2-3333-7b4e-9a55-3c2d1e0f9a8b'],
    description: 'Photos, video and voice notes uploaded first through POST /api/attachments',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({
    example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b',
    description: 'Staff entering a call: the resident it is for (omit for a caller without an account)',
  })
  @IsOptional()
  @IsUUID()
  onBehalfOfId?: string;
}
