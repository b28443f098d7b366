import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEFAULT_AUTO_ACTIONS,
  DEFAULT_DISPATCH_SETTINGS,
  DEFAULT_FORM_SETTINGS,
  DEFAULT_SURCHARGE_SETTINGS,
  SURCHARGE_APPROVER_ROLES,
  SURCHARGE_LIMITS,
  type SurchargeApprovalLevel,
  type SurchargeApproverRole,
  type SurchargeSettings,
  DEFAULT_TIME_LIMITS,
  PHONE_PATTERN,
  SETTINGS_LIMITS,
  type AutoActions,
  type CommunitySettings,
  type DispatchSettings,
  type FormField,
  type FormFieldSetting,
  type FormSettings,
  type TimeLimits,
} from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../../common/http/dto-fields';

type Bounds = { readonly min: number; readonly max: number };

/** A whole number within bounds; with `nullable`, null (no limit, off) is accepted too. */
function WholeNumberField(bounds: Bounds, doc: { example: number; description: string; nullable?: boolean }) {
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum: bounds.min,
      maximum: bounds.max,
      nullable: doc.nullable ?? false,
      example: doc.example,
      description: doc.description,
    }),
    ...(doc.nullable ? [ValidateIf((_object: unknown, value: unknown) => value !== null)] : []),
    IsInt(),
    Min(bounds.min),
    Max(bounds.max),
  );
}

/** A nested settings object: present, an object, and valid by its own class. */
function NestedField(type: new () => object, example: object, description?: string) {
  return applyDecorators(
    ApiProperty({ type, example, description }),
    IsObject(),
    ValidateNested(),
    Type(() => type),
  );
}

export class FormFieldSettingDto implements FormFieldSetting {
  @ApiProperty({ example: true, description: 'Shown on the report form' })
  @IsBoolean()
  show!: boolean;

  @ApiProperty({ example: false, description: 'A report must fill it (only when shown)' })
  @IsBoolean()
  required!: boolean;
}

const FormFieldProperty = (field: FormField) =>
  NestedField(FormFieldSettingDto, DEFAULT_FORM_SETTINGS[field]);

/** Which fields the report form shows and requires (F1.7); location and category always both. */
export class FormSettingsDto implements FormSettings {
  @FormFieldProperty('contactName') contactName!: FormFieldSettingDto;
  @FormFieldProperty('contactPhone') contactPhone!: FormFieldSettingDto;
  @FormFieldProperty('location') location!: FormFieldSettingDto;
  @FormFieldProperty('category') category!: FormFieldSettingDto;
  @FormFieldProperty('description') description!: FormFieldSettingDto;
  @FormFieldProperty('appointment') appointment!: FormFieldSettingDto;
  @FormFieldProperty('urgency') urgency!: FormFieldSettingDto;
  @FormFieldProperty('images') images!: FormFieldSettingDto;
  @FormFieldProperty('video') video!: FormFieldSettingDto;
  @FormFieldProperty('voice') voice!: FormFieldSettingDto;
}

const StepLimit = (example: number, step: string) =>
  WholeNumberField(SETTINGS_LIMITS.timeLimitMinutes, {
    example,
    nullable: true,
    description: `Minutes allowed to ${step}; null for no limit`,
  });

/** Minutes allowed per step before it is overdue (F2.9). */
export class TimeLimitsDto implements TimeLimits {
  @StepLimit(DEFAULT_TIME_LIMITS.dispatch!, 'dispatch a reported ticket') dispatch!: number | null;
  @StepLimit(DEFAULT_TIME_LIMITS.take!, 'take a dispatched order') take!: number | null;
  @StepLimit(DEFAULT_TIME_LIMITS.start!, 'start work once taken') start!: number | null;
  @StepLimit(DEFAULT_TIME_LIMITS.complete!, 'complete once started') complete!: number | null;
  @StepLimit(DEFAULT_TIME_LIMITS.acceptance!, 'check (验收) completed work') acceptance!: number | null;
  @StepLimit(DEFAULT_TIME_LIMITS.rating!, 'rate accepted work') rating!: number | null;
}

/** What the system does by itself when people do not act. */
export class AutoActionsDto implements AutoActions {
  @WholeNumberField(SETTINGS_LIMITS.autoDispatchAfterMinutes, {
    example: DEFAULT_AUTO_ACTIONS.autoDispatchAfterMinutes!,
    nullable: true,
    description: 'Dispatch automatically after this many minutes (0: at once); null: never',
  })
  autoDispatchAfterMinutes!: number | null;

  @WholeNumberField(SETTINGS_LIMITS.escalateAfterMinutes, {
    example: DEFAULT_AUTO_ACTIONS.escalateToDispatcherAfterMinutes!,
    nullable: true,
    description: 'Tell the dispatchers this many minutes after a step is overdue; null: never',
  })
  escalateToDispatcherAfterMinutes!: number | null;

  @WholeNumberField(SETTINGS_LIMITS.escalateAfterMinutes, {
    example: DEFAULT_AUTO_ACTIONS.escalateToAdminAfterMinutes!,
    nullable: true,
    description: 'Tell the admins this many minutes after a step is overdue (not sooner than dispatchers)',
  })
  escalateToAdminAfterMinutes!: number | null;

  @WholeNumberField(SETTINGS_LIMITS.autoPassAfterHours, {
    example: 48,
    nullable: true,
    description: 'Pass the acceptance check automatically after this many hours; null: never',
  })
  autoPassAfterHours!: number | null;

  @WholeNumberField(SETTINGS_LIMITS.defaultRatingAfterDays, {
    example: DEFAULT_AUTO_ACTIONS.defaultRatingAfterDays!,
    nullable: true,
    description: 'Rate automatically this many days after acceptance; null: never',
  })
  defaultRatingAfterDays!: number | null;

  @WholeNumberField(SETTINGS_LIMITS.defaultRatingStars, {
    example: DEFAULT_AUTO_ACTIONS.defaultRatingStars,
    description: 'Stars of the automatic rating',
  })
  defaultRatingStars!: number;
}

export class DispatchSettingsDto implements DispatchSettings {
  @WholeNumberField(SETTINGS_LIMITS.maxOpenPerEngineer, {
    example: DEFAULT_DISPATCH_SETTINGS.maxOpenPerEngineer,
    description: 'Open tickets an engineer may hold before auto-dispatch passes them over',
  })
  maxOpenPerEngineer!: number;

  @WholeNumberField(SETTINGS_LIMITS.duplicateWindowHours, {
    example: DEFAULT_DISPATCH_SETTINGS.duplicateWindowHours,
    description: 'Flag a report like an open one at the same place within this many hours (0: off)',
  })
  duplicateWindowHours!: number;
}

export class SurchargeApprovalLevelDto implements SurchargeApprovalLevel {
  @ApiProperty({ enum: SURCHARGE_APPROVER_ROLES, example: 'admin' })
  @IsIn(SURCHARGE_APPROVER_ROLES)
  role!: SurchargeApproverRole;

  @WholeNumberField(SETTINGS_LIMITS.fromAmountFen, {
    example: 20_000,
    description: 'The level applies to surcharges of at least this many fen',
  })
  fromAmountFen!: number;
}

export class SurchargeSettingsDto implements SurchargeSettings {
  @ApiProperty({
    type: [SurchargeApprovalLevelDto],
    example: DEFAULT_SURCHARGE_SETTINGS.approvalChain,
    description: 'Approvals in order; empty: a surcharge goes to the resident at once',
  })
  @IsArray()
  @ArrayMaxSize(SURCHARGE_LIMITS.approvalLevelsMax)
  @ValidateNested({ each: true })
  @Type(() => SurchargeApprovalLevelDto)
  approvalChain!: SurchargeApprovalLevelDto[];

  @WholeNumberField(SETTINGS_LIMITS.payWithinMinutes, {
    example: DEFAULT_SURCHARGE_SETTINGS.payWithinMinutes,
    description: 'Minutes to pay an agreed surcharge before its order is closed',
  })
  payWithinMinutes!: number;

  @WholeNumberField(SETTINGS_LIMITS.maxTotalFen, {
    example: DEFAULT_SURCHARGE_SETTINGS.maxTotalFen,
    description: 'The largest total of one surcharge, in fen',
  })
  maxTotalFen!: number;
}

/** The whole workflow configuration of a community: sent whole, answered whole. */
export class CommunitySettingsDto implements CommunitySettings {
  @NestedField(FormSettingsDto, DEFAULT_FORM_SETTINGS, 'The report form (F1.7)')
  form!: FormSettingsDto;

  @NestedField(TimeLimitsDto, DEFAULT_TIME_LIMITS, 'Time limit of each step, in minutes (F2.9)')
  timeLimits!: TimeLimitsDto;

  @NestedField(AutoActionsDto, DEFAULT_AUTO_ACTIONS, 'Automatic actions')
  autoActions!: AutoActionsDto;

  @NestedField(DispatchSettingsDto, DEFAULT_DISPATCH_SETTINGS, 'Auto-dispatch limits')
  dispatch!: DispatchSettingsDto;

  @NestedField(SurchargeSettingsDto, DEFAULT_SURCHARGE_SETTINGS, 'Surcharge approval and payment (F2.7)')
  surcharge!: SurchargeSettingsDto;
}

const SensitiveWordProperty = (example: string) =>
  applyDecorators(
    ApiProperty({
      example,
      maxLength: SETTINGS_LIMITS.sensitiveWordMaxLength,
      description: 'Stored trimmed, Latin letters in small case; matched regardless of case',
    }),
    Transform(trim),
    IsString(),
    IsNotEmpty(),
    MaxLength(SETTINGS_LIMITS.sensitiveWordMaxLength),
  );

export class AddSensitiveWordDto {
  @SensitiveWordProperty('垃圾')
  word!: string;
}

export class AddSensitiveWordsDto {
  @ApiProperty({
    type: [String],
    example: ['垃圾', '骗子'],
    maxItems: SETTINGS_LIMITS.sensitiveWordsBulkMax,
    description: 'Words to add; those already on the list are skipped',
  })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((word) => (typeof word === 'string' ? word.trim() : word)) : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SETTINGS_LIMITS.sensitiveWordsBulkMax)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(SETTINGS_LIMITS.sensitiveWordMaxLength, { each: true })
  words!: string[];
}

export class SensitiveWordView {
  @ApiProperty({ example: '0193f1d2-5555-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!: string;
  @ApiProperty({ example: '垃圾' }) word!: string;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}

export class SensitiveWordsAddedView {
  @ApiProperty({ example: 2, description: 'Words newly added' }) added!: number;
  @ApiProperty({ example: 1, description: 'Words skipped: already on the list or repeated' })
  skipped!: number;
}

export class BarReporterDto {
  @ApiPropertyOptional({
    example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b',
    description: 'A person holding a role in the community; give this, a phone, or both',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    example: '13912345678',
    description: 'Bars reports naming this contact phone, e.g. entered for a caller',
  })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string;

  @ApiProperty({ example: '多次恶意报修', maxLength: SETTINGS_LIMITS.barReasonMaxLength })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(SETTINGS_LIMITS.barReasonMaxLength)
  reason!: string;

  @ApiPropertyOptional({
    example: '2031-01-01T00:00:00.000Z',
    description: 'When the ban ends (in the future); absent bars indefinitely',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  until?: string;
}

export class BarredReporterView {
  @ApiProperty({ example: '0193f1d2-6666-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!: string;
  @ApiProperty({ nullable: true, example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b' }) userId!: string | null;
  @ApiProperty({ nullable: true, example: '张三', description: 'Name of the barred person' })
  userName!: string | null;
  @ApiProperty({ nullable: true, example: '13912345678' }) phone!: string | null;
  @ApiProperty({ example: '多次恶意报修' }) reason!: string;
  @ApiProperty({ nullable: true, example: '2031-01-01T00:00:00.000Z' }) until!: string | null;
  @ApiProperty({ example: true, description: 'In force now' }) active!: boolean;
  @ApiProperty({ example: '0193f1d2-aaaa-7b4e-9a55-3c2d1e0f9a8b' }) createdBy!: string;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}
