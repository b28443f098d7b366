import { DISPATCH_MODES, type DispatchMode } from '@smart-repair/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CodeField, NameField, SortOrderField, TextField } from '../../../common/http/dto-fields';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CreateTradeDto {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @CodeField('PLUMBING', { description: 'Unique in the community' })
  code!: string;

  @NameField('水工')
  name!: string;

  @TextField('给排水、管道、龙头')
  description?: string;
}

export class UpdateTradeDto {
  @NameField('水电工', { optional: true })
  name?: string;

  @TextField('给排水与电路')
  description?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SetTradeAreasDto {
  @ApiProperty({
    type: [String],
    description: 'Ids of areas (kind "area") of the trade’s community; replaces the list',
    example: ['0193f1d2-eeee-7b4e-9a55-3c2d1e0f9a8b'],
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  areaIds!: string[];
}

export class SetTradeMembersDto {
  @ApiProperty({
    type: [String],
    description: 'Ids of engineers of the trade’s community; replaces the list',
    example: ['0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b'],
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  userIds!: string[];
}

export class ListTradesQuery {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class TradeView {
  @ApiProperty({ example: '0193f1d2-1111-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!: string;
  @ApiProperty({ example: 'PLUMBING' }) code!: string;
  @ApiProperty({ example: '水工' }) name!: string;
  @ApiProperty({ example: '给排水、管道、龙头' }) description!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ type: [String], example: ['0193f1d2-eeee-7b4e-9a55-3c2d1e0f9a8b'] }) areaIds!: string[];
  @ApiProperty({ type: [String], example: ['0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b'] }) memberIds!: string[];
}

export class CreateCategoryDto {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiProperty({ example: '0193f1d2-1111-7b4e-9a55-3c2d1e0f9a8b', description: 'The trade that repairs it' })
  @IsUUID()
  tradeId!: string;

  @CodeField('TAP', { description: 'Unique in the community' })
  code!: string;

  @NameField('水龙头')
  name!: string;

  @TextField('漏水、无法关闭、出水小')
  description?: string;

  @SortOrderField(1)
  sortOrder?: number;

  @ApiPropertyOptional({
    enum: DISPATCH_MODES,
    example: 'auto',
    description: 'How its reports find an engineer',
  })
  @IsOptional()
  @IsIn(DISPATCH_MODES)
  dispatchMode?: DispatchMode;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: '0193f1d2-1111-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  tradeId?: string;

  @NameField('水龙头/阀门', { optional: true })
  name?: string;

  @TextField('漏水、无法关闭')
  description?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @SortOrderField(2)
  sortOrder?: number;

  @ApiPropertyOptional({ enum: DISPATCH_MODES, example: 'grab' })
  @IsOptional()
  @IsIn(DISPATCH_MODES)
  dispatchMode?: DispatchMode;
}

export class ListCategoriesQuery {
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ example: '0193f1d2-1111-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  tradeId?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ['sortOrder', 'name'], example: 'sortOrder' })
  @IsOptional()
  @IsIn(['sortOrder', 'name'])
  @Type(() => String)
  orderBy?: 'sortOrder' | 'name';
}

export class CategoryView {
  @ApiProperty({ example: '0193f1d2-2222-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!: string;
  @ApiProperty({ example: '0193f1d2-1111-7b4e-9a55-3c2d1e0f9a8b' }) tradeId!: string;
  @ApiProperty({ example: 'TAP' }) code!: string;
  @ApiProperty({ example: '水龙头' }) name!: string;
  @ApiProperty({ example: '漏水、无法关闭、出水小' }) description!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: 1 }) sortOrder!: number;
  @ApiProperty({ enum: DISPATCH_MODES, example: 'auto' }) dispatchMode!: DispatchMode;
}
