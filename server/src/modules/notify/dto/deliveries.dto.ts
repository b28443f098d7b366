import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DELIVERY_CHANNEL_NAMES,
  DELIVERY_OUTCOMES,
  DELIVERY_STATUSES,
  type DeliveryChannelName,
  type DeliveryOutcome,
  type DeliveryStatus,
} from '@smart-repair/shared';
import { IsDateString, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';

const ID = '0193f1d2-5555-7b4e-9a55-3c2d1e0f9a8b';

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'dead' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: DELIVERY_CHANNEL_NAMES, example: 'wecom_card' })
  @IsOptional()
  @IsIn(DELIVERY_CHANNEL_NAMES)
  channel?: DeliveryChannelName;

  @ApiPropertyOptional({ example: ID, description: 'The person it is for' })
  @IsOptional()
  @IsUUID()
  recipientId?: string;

  @ApiPropertyOptional({ example: ID, description: 'The ticket it is about' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;

  @ApiPropertyOptional({ example: ID })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00.000Z', description: 'Queued at or after' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00.000Z', description: 'Queued before' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class DeliveryView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ enum: DELIVERY_CHANNEL_NAMES, example: 'wecom_card' }) channel!: string;
  @ApiProperty({ example: 'ticket.dispatch' }) kind!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'sent' }) status!: DeliveryStatus;
  @ApiProperty({ example: ID }) recipientId!: string;
  @ApiProperty({ nullable: true, type: String, example: '王师傅' }) recipientName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: ID }) communityId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: ID }) ticketId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '261130-0007' }) ticketNumber!: string | null;
  @ApiProperty({ example: '新工单 261130-0007 待接单' }) title!: string;
  @ApiProperty({ example: 1, description: 'Attempts settled so far' }) attempts!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'PlatformError: wecom 81013: user & party & tag all invalid',
  })
  lastError!: string | null;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-30T08:00:05.000Z', description: 'When the next attempt is due' })
  nextAttemptAt!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-30T08:00:01.000Z' }) sentAt!: string | null;
}

export class DeliveryPageView {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty({ example: 42 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
}

export class DeliveryAttemptView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-30T08:00:01.000Z' }) finishedAt!:
    string | null;
  @ApiProperty({
    enum: DELIVERY_OUTCOMES,
    nullable: true,
    example: 'retry',
    description: 'Null while under way',
  })
  outcome!: DeliveryOutcome | null;
  @ApiProperty({ nullable: true, type: String, example: '45011', description: "The platform's error code" })
  errorCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'wechat 45011: api minute-quota reach limit' })
  error!: string | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({ type: [DeliveryAttemptView] }) attemptLog!: DeliveryAttemptView[];
  @ApiProperty({
    example: { title: '新工单 261130-0007 待接单', number: '261130-0007', page: 'pages/ticket/detail?id=…' },
    description: 'What was (or is to be) sent',
  })
  payload!: Record<string, unknown>;
}
