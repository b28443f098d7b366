import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CODE_PATTERN, LIMITS, LOCATION_KINDS, type LocationKind } from '@smart-repair/shared';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OrganizationView {
  @ApiProperty({ example: '0193f1d2-0000-7000-8000-000000000001' }) id!: string;
  @ApiProperty({ example: 'DEMO' }) code!: string;
  @ApiProperty({ example: '示范物业' }) name!: string;
}

export class CreateCommunityDto {
  @ApiProperty({ example: 'SUNNY', description: 'Short code, unique in the organisation' })
  @IsString()
  @MaxLength(LIMITS.codeMaxLength)
  @Matches(CODE_PATTERN, { message: 'code may use letters, digits, _ and -' })
  code!: string;

  @ApiProperty({ example: '阳光花园' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiPropertyOptional({ example: '上海市浦东新区锦绣路 100 号' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  address?: string;
}

export class UpdateCommunityDto {
  @ApiPropertyOptional({ example: '阳光花园二期' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name?: string;

  @ApiPropertyOptional({ example: '上海市浦东新区锦绣路 102 号' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CommunityView {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-0000-7000-8000-000000000001' }) organizationId!: string;
  @ApiProperty({ example: 'SUNNY' }) code!: string;
  @ApiProperty({ example: '阳光花园' }) name!: string;
  @ApiProperty({ example: '上海市浦东新区锦绣路 100 号' }) address!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}

export class CreateLocationDto {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({
    description: 'Omit for an area; see the kinds each kind may hang under',
    example: '0193f1d2-eeee-7b4e-9a55-3c2d1e0f9a8b',
    nullable: true,
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiProperty({ enum: LOCATION_KINDS, example: 'building' })
  @IsIn(LOCATION_KINDS)
  kind!: LocationKind;

  @ApiProperty({ example: '3栋' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiPropertyOptional({ example: 'B3', description: 'Unique in the community' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.codeMaxLength)
  @Matches(CODE_PATTERN, { message: 'code may use letters, digits, _ and -' })
  code?: string;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(-100000)
  @Max(100000)
  sortOrder?: number;
}

export class UpdateLocationDto {
  @ApiPropertyOptional({ example: '3号楼' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name?: string;

  @ApiPropertyOptional({ example: 'B3', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.codeMaxLength)
  @Matches(CODE_PATTERN, { message: 'code may use letters, digits, _ and -' })
  code?: string;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(-100000)
  @Max(100000)
  sortOrder?: number;
}

export class ListLocationsQuery {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ description: 'Children of this node; "root" for the areas', example: 'root' })
  @IsOptional()
  @Matches(/^(root|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'parentId must be a UUID or "root"',
  })
  parentId?: string;

  @ApiPropertyOptional({ enum: LOCATION_KINDS, example: 'public_place' })
  @IsOptional()
  @IsIn(LOCATION_KINDS)
  kind?: LocationKind;

  @ApiPropertyOptional({ description: 'Return at most this many (clamped to 1000)', example: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}

export class LocationView {
  @ApiProperty({ example: '0193f1d2-ffff-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!: string;
  @ApiProperty({ nullable: true, example: '0193f1d2-eeee-7b4e-9a55-3c2d1e0f9a8b' }) parentId!: string | null;
  @ApiProperty({ example: '0193f1d2-eeee-7b4e-9a55-3c2d1e0f9a8b', description: 'The area it lies in' })
  areaId!: string;
  @ApiProperty({ enum: LOCATION_KINDS, example: 'building' }) kind!: LocationKind;
  @ApiProperty({ example: '3栋' }) name!: string;
  @ApiProperty({ nullable: true, example: 'B3' }) code!: string | null;
  @ApiProperty({ example: 3 }) sortOrder!: number;
}

export class LocationDetailView extends LocationView {
  @ApiProperty({ type: [LocationView], description: 'From the area down to the parent' })
  ancestors!: LocationView[];
  @ApiProperty({ example: '一区 › 3栋', description: 'Names from the area down to this node' }) path!: string;
}

export class LocationTreeNode extends LocationView {
  @ApiProperty({ type: () => [LocationTreeNode] }) children!: LocationTreeNode[];
}
