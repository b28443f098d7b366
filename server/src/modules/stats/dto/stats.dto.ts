import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TICKET_STATUSES, type TicketStatus } from '@smart-repair/shared';
import { IsDateString, IsOptional, IsUUID } from 'class-validator';

const ID = '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b';

export class TicketStatsQuery {
  @ApiPropertyOptional({
    example: ID,
    description: 'One community; omit for every community where the caller runs dispatch',
  })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({
    description: 'From this instant, inclusive (default 30 days before `to`); at most 366 days before `to`',
    example: '2026-11-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to this instant, exclusive (default now)',
    example: '2026-12-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class StatsRangeView {
  @ApiProperty({ example: '2026-10-31T16:00:00.000Z' }) from!: string;
  @ApiProperty({ example: '2026-11-30T16:00:00.000Z' }) to!: string;
  @ApiProperty({ description: 'The asked-for range was longer than 366 days and was cut', example: false })
  clamped!: boolean;
}

export class DayCountView {
  @ApiProperty({ description: 'A China-time (UTC+8) calendar day', example: '2026-11-30' }) day!: string;
  @ApiProperty({ example: 4 }) reported!: number;
}

export class CategoryCountView {
  @ApiProperty({ example: ID }) categoryId!: string;
  @ApiProperty({ example: '水龙头' }) name!: string;
  @ApiProperty({ example: 12 }) reported!: number;
}

export class EngineerStatsView {
  @ApiProperty({ example: ID }) engineerId!: string;
  @ApiProperty({ example: '王师傅' }) name!: string;
  @ApiProperty({ description: 'Tickets of theirs completed in the range', example: 9 }) completed!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Average hours from the order reaching them to its completion',
    example: 3.75,
  })
  averageHoursToComplete!: number | null;
  @ApiProperty({ description: 'How many of those tickets were rated', example: 7 }) rated!: number;
  @ApiProperty({ nullable: true, type: Number, example: 4.57 }) averageRating!: number | null;
}

/** Average hours of each step, over the tickets that went through it; null when none did. */
export class StepHoursView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Report to the first dispatch (or claim)',
    example: 0.5,
  })
  reportToDispatch!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'First dispatch to the first take (or claim)',
    example: 0.75,
  })
  dispatchToTake!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'First take to the last completion (rework included)',
    example: 2.4,
  })
  takeToComplete!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Last completion to the last acceptance (验收)',
    example: 6.1,
  })
  completeToAcceptance!: number | null;
}

export class RatingStatsView {
  @ApiProperty({ example: 40 }) rated!: number;
  @ApiProperty({ nullable: true, type: Number, example: 4.63 }) average!: number | null;
  @ApiProperty({ description: 'Rated 1 or 2 stars', example: 2 }) bad!: number;
}

export class SurchargeTotalsView {
  @ApiProperty({ description: 'Surcharge payments received, fen', example: 36_300 }) paidFen!: number;
  @ApiProperty({ description: 'Refunded, fen (a positive amount)', example: 5000 }) refundedFen!: number;
  @ApiProperty({ example: 31_300 }) netFen!: number;
}

export class TicketStatsView {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null: every community of the caller',
    example: ID,
  })
  communityId!: string | null;
  @ApiProperty({ type: StatsRangeView }) range!: StatsRangeView;
  @ApiProperty({ description: 'Tickets reported in the range', example: 48 }) reported!: number;
  @ApiProperty({
    description: 'Tickets reported in the range, by their status now (every status present)',
    example: Object.fromEntries(TICKET_STATUSES.map((status) => [status, status === 'closed' ? 40 : 1])),
  })
  byStatus!: Record<TicketStatus, number>;
  @ApiProperty({ type: [DayCountView], description: 'Every China-time day of the range, oldest first' })
  daily!: DayCountView[];
  @ApiProperty({ type: [CategoryCountView], description: 'Most reported first' })
  byCategory!: CategoryCountView[];
  @ApiProperty({
    type: [EngineerStatsView],
    description: 'Engineers with tickets completed in the range, most completed first',
  })
  byEngineer!: EngineerStatsView[];
  @ApiProperty({ type: StepHoursView, description: 'Over the tickets reported in the range' })
  averageHours!: StepHoursView;
  @ApiProperty({ type: RatingStatsView, description: 'Over the tickets reported in the range' })
  ratings!: RatingStatsView;
  @ApiProperty({
    description: 'Open tickets whose current step is late now, whenever they were reported',
    example: 3,
  })
  overdueNow!: number;
  @ApiProperty({ type: SurchargeTotalsView, description: 'From the ledger, booked in the range' })
  surcharges!: SurchargeTotalsView;
}
