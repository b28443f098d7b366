import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CODE_PATTERN, LIMITS } from '@smart-repair/shared';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Trims strings; leaves other values for validation to refuse. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A display name: trimmed, not empty, at most LIMITS.nameMaxLength. */
export function NameField(example: string, options: { optional?: boolean } = {}) {
  return applyDecorators(
    ...(options.optional
      ? [ApiPropertyOptional({ example, maxLength: LIMITS.nameMaxLength }), IsOptional()]
      : [ApiProperty({ example, maxLength: LIMITS.nameMaxLength })]),
    Transform(trim),
    IsString(),
    IsNotEmpty(),
    MaxLength(LIMITS.nameMaxLength),
  );
}

/** A short URL-safe code chosen by an admin, e.g. "B3". */
export function CodeField(example: string, options: { optional?: boolean; description?: string } = {}) {
  const doc = { example, maxLength: LIMITS.codeMaxLength, description: options.description };
  return applyDecorators(
    ...(options.optional ? [ApiPropertyOptional(doc), IsOptional()] : [ApiProperty(doc)]),
    IsString(),
    MaxLength(LIMITS.codeMaxLength),
    Matches(CODE_PATTERN, { message: '$property may use letters, digits, _ and -' }),
  );
}

/** Optional free text (descriptions, addresses). */
export function TextField(example: string, maxLength: number = LIMITS.descriptionMaxLength) {
  return applyDecorators(
    ApiPropertyOptional({ example, maxLength }),
    IsOptional(),
    Transform(trim),
    IsString(),
    MaxLength(maxLength),
  );
}

/** Optional position in a list. */
export function SortOrderField(example: number) {
  return applyDecorators(
    ApiPropertyOptional({ example }),
    IsOptional(),
    IsInt(),
    Min(-100_000),
    Max(100_000),
  );
}
