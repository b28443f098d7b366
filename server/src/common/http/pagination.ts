import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, clampPageSize } from '@smart-repair/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** ?page=&pageSize= on every list. Sizes beyond the maximum are clamped, not refused (R9). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: LIMITS.pageSizeMax,
    default: LIMITS.pageSizeDefault,
    example: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  pageSize?: number;
}

export interface Paging {
  page: number;
  pageSize: number;
  skip: number;
}

export function paging(query: PageQuery): Paging {
  const page = query.page ?? 1;
  const pageSize = clampPageSize(query.pageSize);
  return { page, pageSize, skip: (page - 1) * pageSize };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
