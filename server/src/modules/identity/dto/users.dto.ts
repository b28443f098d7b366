import { NameField, trim } from '../../../common/http/dto-fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, PHONE_PATTERN, ROLES, USERNAME_PATTERN, type Role } from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';

export class RoleGrantInput {
  @ApiProperty({ enum: ROLES, example: 'engineer' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    description: 'The community of the role; omit (or null) only for hq_admin',
    example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b',
    nullable: true,
  })
  @IsOptional()
  @IsUUID()
  communityId?: string | null;
}

export class CreateUserDto {
  @NameField('李师傅')
  name!: string;

  @ApiPropertyOptional({ example: 'li.plumber', description: 'Login name; not all digits' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(LIMITS.usernameMinLength, LIMITS.usernameMaxLength)
  @Matches(USERNAME_PATTERN, {
    message: 'username may use letters, digits, . _ - and must not be all digits',
  })
  username?: string;

  @ApiPropertyOptional({ example: '13900001234', description: 'Mainland mobile number' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string;

  @ApiPropertyOptional({
    example: 'Repair#2026',
    format: 'password',
    description: 'Needed to log in with a password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.passwordMaxLength)
  password?: string;

  @ApiProperty({ type: [RoleGrantInput], description: 'At least one role' })
  @ValidateNested({ each: true })
  @Type(() => RoleGrantInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  roles!: RoleGrantInput[];

  @ApiPropertyOptional({ example: true, description: 'Engineers: taking new orders' })
  @IsOptional()
  @IsBoolean()
  onDuty?: boolean;
}

export class UpdateUserDto {
  @NameField('李建国', { optional: true })
  name?: string;

  @ApiPropertyOptional({ example: '13900001235', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  onDuty?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ example: 'a-new-passphrase-2026', format: 'password' })
  @IsString()
  @MaxLength(LIMITS.passwordMaxLength)
  password!: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'engineer' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], example: 'active' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ description: 'Part of a name, username or phone', example: '李' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.nameMaxLength)
  q?: string;
}

export class UserRoleView {
  @ApiProperty({ example: '0193f1d2-aaaa-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ enum: ROLES, example: 'engineer' })
  role!: Role;

  @ApiProperty({ nullable: true, example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  communityId!: string | null;
}

export class UserView {
  @ApiProperty({ example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b' })
  id!: string;

  @ApiProperty({ example: '李师傅' })
  name!: string;

  @ApiProperty({ nullable: true, example: 'li.plumber' })
  username!: string | null;

  @ApiProperty({ nullable: true, example: '13900001234' })
  phone!: string | null;

  @ApiProperty({ enum: ['active', 'disabled'], example: 'active' })
  status!: 'active' | 'disabled';

  @ApiProperty({ example: true })
  onDuty!: boolean;

  @ApiProperty({ example: true, description: 'Has a password (can log in on the staff login page)' })
  hasPassword!: boolean;

  @ApiProperty({ nullable: true, example: null, description: 'Locked after failed logins until then' })
  lockedUntil!: string | null;

  @ApiProperty({ nullable: true, example: '2026-11-30T08:00:00.000Z' })
  lastLoginAt!: string | null;

  @ApiProperty({ type: [UserRoleView] })
  roles!: UserRoleView[];

  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' })
  createdAt!: string;
}

export class UserPageView {
  @ApiProperty({ type: [UserView] })
  items!: UserView[];

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;
}
