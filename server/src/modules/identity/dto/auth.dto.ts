import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, ROLES, type Role } from '@smart-repair/shared';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ description: 'Username or mobile number', example: 'demo.admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  account!: string;

  @ApiProperty({ example: 'Repair#2026', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.passwordMaxLength)
  password!: string;

  @ApiPropertyOptional({
    description:
      'Organisation code; needed only when the phone number is registered in several organisations',
    example: 'DEMO',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.codeMaxLength)
  organizationCode?: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from login or the last refresh (single use)',
    example: '0193f1d2-….x8Zt…',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({
    description: 'End every session of this account, not only this one',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  allSessions?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'Repair#2026', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.passwordMaxLength)
  currentPassword!: string;

  @ApiProperty({
    example: 'a-longer-passphrase-2027',
    format: 'password',
    minLength: LIMITS.passwordMinLength,
  })
  @IsString()
  @MaxLength(LIMITS.passwordMaxLength)
  newPassword!: string;
}

export class RoleGrantView {
  @ApiProperty({ enum: ROLES, example: 'admin' })
  role!: Role;

  @ApiProperty({
    nullable: true,
    description: 'Null for an organisation-wide role',
    example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b',
  })
  communityId!: string | null;

  @ApiProperty({ nullable: true, example: '阳光花园' })
  communityName!: string | null;
}

export class SessionUserView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ example: '王建国' })
  name!: string;

  @ApiProperty({ nullable: true, example: 'demo.admin' })
  username!: string | null;

  @ApiProperty({ nullable: true, example: '13800000001' })
  phone!: string | null;

  @ApiProperty({ example: '0193f1d2-0000-7000-8000-000000000001' })
  organizationId!: string;

  @ApiProperty({ example: '示范物业' })
  organizationName!: string;

  @ApiProperty({ type: [RoleGrantView] })
  roles!: RoleGrantView[];

  @ApiProperty({
    description: 'Permissions per community id ("*" for organisation-wide ones), from the shared matrix',
    example: { '*': [], '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b': ['location.read', 'location.manage'] },
  })
  permissions!: Record<string, string[]>;
}

export class TokenPairView {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  accessTokenExpiresIn!: number;

  @ApiProperty({ description: 'Single use: every refresh returns a new one', example: '0193f1d2-….x8Zt…' })
  refreshToken!: string;

  @ApiProperty({ example: '2026-12-30T08:00:00.000Z' })
  refreshTokenExpiresAt!: string;
}

export class LoginResultView extends TokenPairView {
  @ApiProperty({ type: SessionUserView })
  user!: SessionUserView;
}
