import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DISPATCH_EXCLUSIONS,
  DISPATCH_MODES,
  DISPATCH_RULES,
  FAULT_CAUSES,
  TICKET_ACTIONS,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  URGENCIES,
  type DispatchCandidate,
  type DispatchCounts,
  type DispatchExclusion,
  type DispatchMode,
  type DispatchReason,
  type DispatchRule,
  type FaultCause,
  type TicketAction,
  type TicketChannel,
  type TicketStatus,
  type Urgency,
} from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';

const ID = '0193f1d2-4444-7b4e-9a55-3c2d1e0f9a8b';
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const toList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value);

export class PersonRef {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: '李水工' }) name!: string;
}

export class TicketSummaryView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: '261130-0007', description: 'Read aloud; unique in the community' })
  number!: string;
  @ApiProperty({ enum: TICKET_STATUSES, example: 'dispatched' }) status!: TicketStatus;
  @ApiProperty({ example: ID }) communityId!: string;
  @ApiProperty({ example: ID }) categoryId!: string;
  @ApiProperty({ example: '水龙头' }) categoryName!: string;
  @ApiProperty({ example: ID }) locationId!: string;
  @ApiProperty({ example: '一区 › 1栋 › 1层 › 101室' }) locationPath!: string;
  @ApiProperty({ example: '厨房水龙头一直滴水' }) description!: string;
  @ApiProperty({ enum: URGENCIES, example: 'normal' }) urgency!: Urgency;
  @ApiProperty({ enum: TICKET_CHANNELS, example: 'wechat' }) channel!: TicketChannel;
  @ApiProperty({ example: '孙女士' }) contactName!: string;
  @ApiProperty({ example: '138****1051', description: 'In full only to those entitled to call (R5)' })
  contactPhone!: string;
  @ApiProperty({ type: PersonRef, nullable: true, example: { id: ID, name: '李水工' } })
  assignee!: PersonRef | null;
  @ApiProperty({ enum: DISPATCH_MODES, example: 'auto' }) dispatchMode!: DispatchMode;
  @ApiProperty({ example: false, description: 'The current step is past its time limit' }) overdue!: boolean;
  @ApiProperty({ nullable: true, example: '2026-11-30T09:30:00.000Z' }) stepDeadlineAt!: string | null;
  @ApiProperty({ nullable: true, example: 5 }) rating!: number | null;
  @ApiProperty({ nullable: true, example: null }) duplicateOfId!: string | null;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-30T08:05:00.000Z' }) updatedAt!: string;
}

export class TicketPageView {
  @ApiProperty({ type: [TicketSummaryView] }) items!: TicketSummaryView[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ example: false, description: 'More rows after this page' }) hasMore!: boolean;
}

export class ParticipantView {
  @ApiProperty({ type: PersonRef, example: { id: ID, name: '张师傅' } }) user!: PersonRef;
  @ApiProperty({ enum: ['invitee', 'assistant', 'follower'], example: 'assistant' }) kind!: string;
}

export class DuplicateRef {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: '261130-0003' }) number!: string;
  @ApiProperty({ enum: TICKET_STATUSES, example: 'assigned' }) status!: TicketStatus;
}

export class PartView {
  @ApiProperty({ example: '陶瓷阀芯' }) name!: string;
  @ApiProperty({ example: 1 }) quantity!: number;
}

export class TicketAttachmentRef {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ enum: ['image', 'video', 'audio'], example: 'image' }) kind!: string;
  @ApiProperty({ example: 'image/jpeg' }) mime!: string;
  @ApiProperty({ nullable: true, enum: ['report', 'completion', 'message'], example: 'report' }) purpose!:
    string | null;
  @ApiProperty({ example: `/api/attachments/${ID}` }) url!: string;
}

// The OpenAPI shape of shared's DispatchReason; `implements` keeps the two from drifting apart.
export class DispatchCandidateView implements DispatchCandidate {
  @ApiProperty({ example: ID }) userId!: string;
  @ApiProperty({ example: '李水工' }) name!: string;
  @ApiProperty({ example: 1, description: 'Open orders when the rule ran' }) openTickets!: number;
  @ApiProperty({ nullable: true, example: 4.8, description: 'Recent average rating' }) rating!: number | null;
  @ApiPropertyOptional({
    enum: DISPATCH_EXCLUSIONS,
    example: 'off_duty',
    description: 'Why this engineer was passed over; absent for those who could take it',
  })
  excluded?: DispatchExclusion;
}

export class DispatchCountsView implements DispatchCounts {
  @ApiProperty({ example: 14, description: 'Engineers of the trade the rule looked at' }) considered!: number;
  @ApiProperty({ example: 9, description: 'Of those, who could take the order' }) eligible!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { off_duty: 4, at_capacity: 1 },
    description: `Passed over, by reason (${DISPATCH_EXCLUSIONS.join(', ')})`,
  })
  excluded!: Partial<Record<DispatchExclusion, number>>;
}

export class DispatchReasonView implements DispatchReason {
  @ApiProperty({ enum: DISPATCH_RULES, example: 'fewest_open_then_best_rating' }) rule!: DispatchRule;
  @ApiProperty({ nullable: true, example: ID }) tradeId!: string | null;
  @ApiProperty({ nullable: true, example: ID }) areaId!: string | null;
  @ApiProperty({ nullable: true, example: ID }) chosenId!: string | null;
  @ApiProperty({
    type: [DispatchCandidateView],
    description: 'The best-placed few in rank order (the chosen one first), then the first few passed over',
  })
  candidates!: DispatchCandidateView[];
  @ApiPropertyOptional({
    type: DispatchCountsView,
    description: 'Missing from reasons stored before it was kept',
  })
  counts?: DispatchCountsView;
}

export class TicketDetailView extends TicketSummaryView {
  @ApiProperty({ type: PersonRef, nullable: true, example: { id: ID, name: '孙女士' } })
  reporter!: PersonRef | null;
  @ApiProperty({ nullable: true, example: '2026-12-01T01:00:00.000Z' }) appointmentStart!: string | null;
  @ApiProperty({ nullable: true, example: '2026-12-01T04:00:00.000Z' }) appointmentEnd!: string | null;
  @ApiProperty({ example: ID }) tradeId!: string;
  @ApiProperty({
    type: DispatchReasonView,
    nullable: true,
    description: 'Why the system chose the engineer, or could not (office only)',
  })
  dispatchReason!: DispatchReasonView | null;
  @ApiProperty({ enum: FAULT_CAUSES, nullable: true, example: 'natural_wear' })
  faultCause!: FaultCause | null;
  @ApiProperty({ nullable: true, example: '更换阀芯' }) handlingMethod!: string | null;
  @ApiProperty({ type: [PartView], example: [{ name: '陶瓷阀芯', quantity: 1 }] }) parts!: PartView[];
  @ApiProperty({ nullable: true, example: '很满意' }) ratingComment!: string | null;
  @ApiProperty({
    nullable: true,
    example: 'rated',
    description: 'rated, closed, duplicate, merged, cancelled',
  })
  closeReason!: string | null;
  @ApiProperty({ nullable: true, example: null }) plannedFor!: string | null;
  @ApiProperty({ nullable: true, example: null }) completedAt!: string | null;
  @ApiProperty({ nullable: true, example: null }) closedAt!: string | null;
  @ApiProperty({
    type: DuplicateRef,
    nullable: true,
    example: null,
    description: 'The open ticket this one duplicates',
  })
  duplicateOf!: DuplicateRef | null;
  @ApiProperty({ type: [ParticipantView] }) participants!: ParticipantView[];
  @ApiProperty({ type: [TicketAttachmentRef] }) attachments!: TicketAttachmentRef[];
  @ApiProperty({ type: [String], example: ['assignee'], description: 'The caller’s parts on this ticket' })
  actors!: string[];
  @ApiProperty({
    enum: TICKET_ACTIONS,
    isArray: true,
    example: ['start', 'return', 'transfer', 'request_assistance'],
  })
  availableActions!: TicketAction[];
}

export class ReportResultView {
  @ApiProperty({ type: TicketDetailView }) ticket!: TicketDetailView;
  @ApiProperty({
    type: DuplicateRef,
    nullable: true,
    example: null,
    description: 'Set when the same fault is already being handled',
  })
  duplicateOf!: DuplicateRef | null;
}

export class TicketEventView {
  @ApiProperty({ example: 3 }) seq!: number;
  @ApiProperty({ example: 'dispatch' }) action!: string;
  @ApiProperty({ enum: TICKET_STATUSES, nullable: true, example: 'accepted' })
  fromStatus!: TicketStatus | null;
  @ApiProperty({ enum: TICKET_STATUSES, example: 'dispatched' }) toStatus!: TicketStatus;
  @ApiProperty({ type: PersonRef, nullable: true, example: null, description: 'Null when the system acted' })
  actor!: PersonRef | null;
  @ApiProperty({ example: 'system' }) actorRole!: string;
  @ApiProperty({ nullable: true, example: null }) note!: string | null;
  @ApiProperty({ nullable: true, example: { engineerId: ID, by: 'system' } }) data!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ example: '2026-11-30T08:00:01.234Z' }) createdAt!: string;
}

export class ChainProblemView {
  @ApiProperty({ example: 2 }) seq!: number;
  @ApiProperty({
    enum: ['hash_mismatch', 'broken_link', 'missing_event', 'head_mismatch'],
    example: 'hash_mismatch',
  })
  problem!: string;
}

export class ChainReportView {
  @ApiProperty({ example: true }) valid!: boolean;
  @ApiProperty({ example: 7 }) events!: number;
  @ApiProperty({ example: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c' })
  headHash!: string;
  @ApiProperty({ type: [ChainProblemView], example: [] }) problems!: ChainProblemView[];
}

export class MessageView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ type: PersonRef, example: { id: ID, name: '孙女士' } }) author!: PersonRef;
  @ApiProperty({ example: 'reporter' }) authorRole!: string;
  @ApiProperty({ example: '师傅大概几点到？' }) body!: string;
  @ApiProperty({ example: '2026-11-30T08:10:00.000Z' }) createdAt!: string;
}

export class TicketFilterQuery extends PageQuery {
  @ApiPropertyOptional({ example: ID })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({
    enum: TICKET_STATUSES,
    isArray: true,
    example: 'dispatched,assigned',
    description: 'One or several, comma-separated',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ example: ID })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ example: ID, description: 'A location: the ticket is there or anywhere below it' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ example: ID, description: 'The engineer it is with' })
  @IsOptional()
  @IsUUID()
  engineerId?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00.000Z', description: 'Reported at or after' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00.000Z', description: 'Reported before' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: '漏水', description: 'Part of the number or the description' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export const TASK_BUCKETS = ['new', 'in_progress', 'done', 'overdue'] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];

export class TaskQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: TASK_BUCKETS,
    example: 'new',
    description: 'Default: new and in progress together',
  })
  @IsOptional()
  @IsIn(TASK_BUCKETS)
  bucket?: TaskBucket;
}

export class MineQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'finished'], example: 'open' })
  @IsOptional()
  @IsIn(['open', 'finished'])
  @Type(() => String)
  state?: 'open' | 'finished';
}

export class EngineerChoiceView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: '李水工' }) name!: string;
  @ApiProperty({ example: true, description: 'Taking new orders now' }) onDuty!: boolean;
  @ApiProperty({ example: true, description: 'Works in the ticket’s trade' }) inTrade!: boolean;
  @ApiProperty({ example: 2, description: 'Orders in hand' }) openTickets!: number;
}
