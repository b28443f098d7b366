import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORM_APP_KINDS, type PlatformAppKind } from '@smart-repair/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NameField, trim } from '../../common/http/dto-fields';
import { PLATFORM_APP_ID_MAX_LENGTH } from '../platform-token.entity';

const APP_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;
const AGENT_ID_PATTERN = /^\d{1,20}$/;
const SECRET_MAX_LENGTH = 256;

export class CreatePlatformAppDto {
  @ApiProperty({ enum: PLATFORM_APP_KINDS, example: 'wechat_miniprogram' })
  @IsIn(PLATFORM_APP_KINDS)
  kind!: PlatformAppKind;

  @ApiProperty({
    description: 'WeChat appid, WeCom corpid, DingTalk appKey or Baidu AppKey',
    example: 'wx1234567890abcdef',
    maxLength: PLATFORM_APP_ID_MAX_LENGTH,
  })
  @Transform(trim)
  @IsString()
  @MaxLength(PLATFORM_APP_ID_MAX_LENGTH)
  @Matches(APP_ID_PATTERN, { message: '$property may use letters, digits, _, . and -' })
  appId!: string;

  @NameField('阳光物业报修小程序')
  name!: string;

  @ApiProperty({ description: 'The app secret; stored encrypted, never shown again', example: 'f3a1…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SECRET_MAX_LENGTH)
  secret!: string;

  @ApiPropertyOptional({ description: 'WeCom agentid / DingTalk agent_id (digits)', example: '1000002' })
  @IsOptional()
  @IsString()
  @Matches(AGENT_ID_PATTERN, { message: '$property must be digits' })
  agentId?: string;
}

export class UpdatePlatformAppDto {
  @NameField('阳光物业报修小程序', { optional: true })
  name?: string;

  @ApiPropertyOptional({ description: 'A new secret (after rotating it on the platform)', example: 'f3a1…' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SECRET_MAX_LENGTH)
  secret?: string;

  @ApiPropertyOptional({ description: 'WeCom agentid / DingTalk agent_id (digits)', example: '1000002' })
  @IsOptional()
  @IsString()
  @Matches(AGENT_ID_PATTERN, { message: '$property must be digits' })
  agentId?: string;

  @ApiPropertyOptional({ description: 'An inactive app signs nobody in and sends nothing', example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class PlatformAppView {
  @ApiProperty({ example: '0193f1d2-7c4e-7a55-9b1e-2f4c6d8e0a11' })
  id!: string;

  @ApiProperty({ enum: PLATFORM_APP_KINDS, example: 'wechat_miniprogram' })
  kind!: PlatformAppKind;

  @ApiProperty({ example: 'wx1234567890abcdef' })
  appId!: string;

  @ApiProperty({ example: '阳光物业报修小程序' })
  name!: string;

  @ApiProperty({ description: 'Last four characters of the stored secret', example: '9f3a' })
  secretHint!: string;

  @ApiProperty({ nullable: true, type: String, example: '1000002' })
  agentId!: string | null;

  @ApiProperty({ example: true })
  active!: boolean;

  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' })
  updatedAt!: string;
}
