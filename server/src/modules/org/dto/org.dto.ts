import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCATION_KINDS, type LocationKind } from '@smart-repair/shared';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches } from 'class-validator';
import { CodeField, NameField, SortOrderField, TextField } from '../../../common/http/dto-fields';

export class OrganizationView {
  @ApiProperty({ example: '0193f1d2-0000-7000-8000-000000000001' }) id!: string;
  @ApiProperty({ example: 'DEMO' }) code!: string;
  @ApiProperty({ example: '示范物业' }) name!: string;
}

export class CreateCommunityDto {
  @CodeField('SUNNY', { description: 'Short code, unique in the organisation' })
  code!: string;

  @NameField('阳光花园')
  name!: string;

  @TextField('上海市浦东新区锦绣路 100 号', 200)
  address?: string;
}

export class UpdateCommunityDto {
  @NameField('阳光花园二期', { optional: true })
  name?: string;

  @TextField('上海市浦东新区锦绣路 102 号', 200)
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

  @NameField('3栋')
  name!: string;

  @CodeField('B3', { optional: true, description: 'Unique in the community' })
  code?: string;

  @SortOrderField(3)
  sortOrder?: number;
}

export class UpdateLocationDto {
  @NameField('3号楼', { optional: true })
  name?: string;

  @CodeField('B3', { optional: true, description: 'Unique in the community' })
  code?: string;

  @SortOrderField(3)
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
