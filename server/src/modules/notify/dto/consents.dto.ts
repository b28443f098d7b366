import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  NOTIFY_EVENTS,
  SUBSCRIBE_RESULTS,
  SUBSCRIBE_TEMPLATES_PER_REQUEST_MAX,
  type NotifyEvent,
  type SubscribeResult,
} from '@smart-repair/shared';
import { IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { PLATFORM_APP_ID_MAX_LENGTH } from '../../../platforms/platform-token.entity';

const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class RecordConsentsDto {
  @ApiPropertyOptional({
    example: 'wx1234567890abcdef',
    description: "The mini program's appid; the organisation's (first) mini program when absent",
  })
  @IsOptional()
  @IsString()
  @MaxLength(PLATFORM_APP_ID_MAX_LENGTH)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: '$property may use letters, digits, _, . and -' })
  appId?: string;

  @ApiProperty({
    example: { 'Xz7o1Ftw-VtT1ilyeQYV4cG8RgAIbHVl1bGmyZ8HzZI': 'accept' },
    description: "requestSubscribeMessage's answer: template id → accept | reject | ban | filter",
  })
  @ValidateBy({
    name: 'isSubscribeResults',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length >= 1 &&
        Object.keys(value).length <= SUBSCRIBE_TEMPLATES_PER_REQUEST_MAX &&
        Object.entries(value).every(
          ([id, result]) =>
            TEMPLATE_ID.test(id) && (SUBSCRIBE_RESULTS as readonly unknown[]).includes(result),
        ),
      defaultMessage: () =>
        `$property must map 1 to ${SUBSCRIBE_TEMPLATES_PER_REQUEST_MAX} template ids to one of ${SUBSCRIBE_RESULTS.join(', ')}`,
    },
  })
  results!: Record<string, SubscribeResult>;
}

export class ConsentView {
  @ApiProperty({ example: 'Xz7o1Ftw-VtT1ilyeQYV4cG8RgAIbHVl1bGmyZ8HzZI' }) templateId!: string;
  @ApiProperty({ enum: NOTIFY_EVENTS, isArray: true, example: ['accept', 'dispatch'] })
  events!: NotifyEvent[];
  @ApiProperty({ example: 2, description: 'Messages this template may still bring me' }) remaining!: number;
}

export class ConsentsView {
  @ApiProperty({ nullable: true, type: String, example: 'wx1234567890abcdef' }) appId!: string | null;
  @ApiProperty({ type: [ConsentView], description: 'Templates the organisation sends, with my counts' })
  templates!: ConsentView[];
}

export class ConsentsQuery {
  @ApiPropertyOptional({ example: 'wx1234567890abcdef', description: "The mini program's appid" })
  @IsOptional()
  @IsString()
  @MaxLength(PLATFORM_APP_ID_MAX_LENGTH)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: '$property may use letters, digits, _, . and -' })
  appId?: string;
}
