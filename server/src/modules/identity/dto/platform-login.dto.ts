import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORM_APP_KINDS, type PlatformAppKind, type PlatformLoginOutcome } from '@smart-repair/shared';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { NameField } from '../../../common/http/dto-fields';
import { PLATFORM_APP_ID_MAX_LENGTH } from '../../../platforms/platform-token.entity';
import { LoginResultView } from './auth.dto';

/** Login codes are short opaque strings; this bounds them well above every platform's. */
const CODE_MAX_LENGTH = 256;
const CODE_PATTERN = /^[\x21-\x7e]+$/;

export class PlatformCodeDto {
  @ApiProperty({ enum: PLATFORM_APP_KINDS, example: 'wechat_miniprogram' })
  @IsIn(PLATFORM_APP_KINDS)
  kind!: PlatformAppKind;

  @ApiProperty({
    description: 'The app the client runs in (WeChat appid, WeCom corpid, DingTalk appKey, Baidu AppKey)',
    example: 'wx1234567890abcdef',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PLATFORM_APP_ID_MAX_LENGTH)
  appId!: string;

  @ApiProperty({
    description:
      'The one-time code from wx.login, qy.login, dd.getAuthCode, swan.getLoginCode or the OAuth redirect',
    example: '0a3Xk1ll2Yx0Zc4lSWnl2wFb0s3Xk1lq',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_MAX_LENGTH)
  @Matches(CODE_PATTERN, { message: '$property must be printable ASCII' })
  code!: string;
}

export class PlatformLoginDto extends PlatformCodeDto {
  @ApiPropertyOptional({
    description:
      'For a resident seen for the first time: the community they chose or scanned into. Without it a new resident is asked to choose.',
    example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b',
  })
  @IsOptional()
  @IsUUID()
  communityId?: string;
}

export class EnrolDto {
  @ApiProperty({
    description: 'The enrolment token of a choose_community answer (10 minutes)',
    example: 'eyJr…',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  enrolment!: string;

  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @NameField('李女士', { optional: true })
  name?: string;
}

export class PhoneCodeDto {
  @ApiProperty({
    description: 'detail.code of the getPhoneNumber button (WeChat mini-program)',
    example: 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_MAX_LENGTH)
  @Matches(CODE_PATTERN, { message: '$property must be printable ASCII' })
  code!: string;

  @ApiPropertyOptional({
    description: 'Look the number up even though one is on file (each lookup is billed and counted)',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export class CommunityChoiceView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ example: '阳光花园' })
  name!: string;
}

export class PlatformLoginResultView {
  @ApiProperty({ enum: ['signed_in', 'choose_community'], example: 'signed_in' })
  outcome!: PlatformLoginOutcome;

  @ApiPropertyOptional({ type: LoginResultView, description: 'When signed in' })
  session?: LoginResultView;

  @ApiPropertyOptional({ description: 'When a new resident must choose a community', example: 'eyJr…' })
  enrolment?: string;

  @ApiPropertyOptional({ type: [CommunityChoiceView], description: 'The communities to choose from' })
  communities?: CommunityChoiceView[];
}

export class PlatformIdentityView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ enum: PLATFORM_APP_KINDS, example: 'wecom' })
  kind!: PlatformAppKind;

  @ApiProperty({ example: 'ww1234567890abcdef' })
  appId!: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-30T08:00:00.000Z' })
  lastLoginAt!: string | null;
}

export class PhoneView {
  @ApiProperty({ example: '13800000000' })
  phone!: string;

  @ApiProperty({
    description: 'False when the number on file was answered without a new lookup',
    example: true,
  })
  lookedUp!: boolean;
}

export class OfficialOauthQuery {
  @ApiProperty({ description: 'The official account’s appid', example: 'wx0a1f2e3d4c5b6a79' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PLATFORM_APP_ID_MAX_LENGTH)
  appId!: string;

  @ApiProperty({
    description: 'Where WeChat sends the person back with ?code=; must be on this server (PUBLIC_BASE_URL)',
    example: 'https://repair.example.com/#/pages/login/index',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  redirectUri!: string;

  @ApiPropertyOptional({ description: 'Echoed back as ?state=', example: 'c3f9' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: '$property may use letters, digits, _ and -' })
  state?: string;
}

export class OfficialOauthView {
  @ApiProperty({
    example:
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0a1f2e3d4c5b6a79&redirect_uri=…&response_type=code&scope=snsapi_base&state=c3f9#wechat_redirect',
  })
  url!: string;
}
