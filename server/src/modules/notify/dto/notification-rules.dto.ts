import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEFAULT_NOTIFICATION_RULES,
  NOTIFICATION_RULES_MAX,
  NOTIFY_AUDIENCES,
  NOTIFY_CHANNELS,
  NOTIFY_EVENTS,
  WECHAT_TEMPLATE_KEYWORDS_MAX,
  type NotificationRule,
  type NotificationTemplates,
  type NotifyAudience,
  type NotifyChannel,
  type NotifyEvent,
  type WechatSubscribeTemplate,
} from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { trim } from '../../../common/http/dto-fields';

const TEXT_MAX = 100;
const EXAMPLE = DEFAULT_NOTIFICATION_RULES[0]!;

/** An object of string values, each at most `max` characters, with at most `keys` keys. */
function IsStringRecord(max: number, keys: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= keys &&
          Object.entries(value).every(
            ([key, text]) => key.length <= 40 && typeof text === 'string' && text.length <= max,
          ),
        defaultMessage: () =>
          `$property must map at most ${keys} names to texts of at most ${max} characters`,
      },
    },
    options,
  );
}

export class WechatTemplateDto implements WechatSubscribeTemplate {
  @ApiProperty({
    example: 'Xz7o1Ftw-VtT1ilyeQYV4cG8RgAIbHVl1bGmyZ8HzZI',
    description: 'The subscribe template id from the mini program console; empty: send nothing on WeChat',
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]*$/, { message: '$property may use letters, digits, _ and -' })
  templateId!: string;

  @ApiProperty({
    example: { character_string1: '{number}', phrase2: '{status}', thing3: '{title}', time4: '{time}' },
    description:
      'Template keyword → text; placeholders {number} {title} {status} {location} {description} {time}',
  })
  @IsStringRecord(TEXT_MAX, WECHAT_TEMPLATE_KEYWORDS_MAX)
  data!: Record<string, string>;
}

export class HeadingDto {
  @ApiProperty({ example: '新工单 {number} 待接单' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  title!: string;
}

export class NotificationTemplatesDto implements NotificationTemplates {
  @ApiPropertyOptional({ type: WechatTemplateDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WechatTemplateDto)
  wechat_subscribe?: WechatTemplateDto;

  @ApiPropertyOptional({ type: HeadingDto, description: 'Card heading; the rule title when absent' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HeadingDto)
  wecom_card?: HeadingDto;

  @ApiPropertyOptional({ type: HeadingDto, description: 'Notice heading; the rule title when absent' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HeadingDto)
  dingtalk_notice?: HeadingDto;
}

export class NotificationRuleDto implements NotificationRule {
  @ApiProperty({ enum: NOTIFY_EVENTS, example: EXAMPLE.event })
  @IsIn(NOTIFY_EVENTS)
  event!: NotifyEvent;

  @ApiProperty({ enum: NOTIFY_AUDIENCES, isArray: true, example: EXAMPLE.audience })
  @IsArray()
  @ArrayMaxSize(NOTIFY_AUDIENCES.length)
  @IsIn(NOTIFY_AUDIENCES, { each: true })
  audience!: NotifyAudience[];

  @ApiProperty({ example: EXAMPLE.title, description: 'The inbox title; placeholders as in templates' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  title!: string;

  @ApiProperty({
    enum: NOTIFY_CHANNELS,
    isArray: true,
    example: EXAMPLE.channels,
    description: 'Platforms besides the inbox (always written)',
  })
  @IsArray()
  @ArrayMaxSize(NOTIFY_CHANNELS.length)
  @IsIn(NOTIFY_CHANNELS, { each: true })
  channels!: NotifyChannel[];

  @ApiProperty({ type: NotificationTemplatesDto, example: EXAMPLE.templates })
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationTemplatesDto)
  templates!: NotificationTemplatesDto;

  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;
}

export class NotificationRulesDto {
  @ApiProperty({ type: [NotificationRuleDto], maxItems: NOTIFICATION_RULES_MAX })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_RULES_MAX)
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleDto)
  rules!: NotificationRuleDto[];
}

export class NotificationRulesView {
  @ApiProperty({ type: [NotificationRuleDto] })
  rules!: NotificationRule[];

  @ApiProperty({ example: false, description: 'False while the organisation uses the default rules' })
  customized!: boolean;
}
