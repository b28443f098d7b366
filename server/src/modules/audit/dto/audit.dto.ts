import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  @ApiPropertyOptional({ example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b' })
  @IsOptional()
  @IsUUID()
  targetId?: string;
}

export class AuditEventView {
  @ApiProperty({ example: '0193f1d2-cccc-7b4e-9a55-3c2d1e0f9a8b' }) id!: string;
  @ApiProperty({ nullable: true, example: '0193f1d2-7c1a-7b4e-9a55-3c2d1e0f9a8b' }) communityId!:
    string | null;
  @ApiProperty({ nullable: true, example: '0193f1d2-bbbb-7b4e-9a55-3c2d1e0f9a8b' }) actorId!: string | null;
  @ApiProperty({ example: 'location.create' }) action!: string;
  @ApiProperty({ example: 'location' }) targetType!: string;
  @ApiProperty({ example: '0193f1d2-dddd-7b4e-9a55-3c2d1e0f9a8b' }) targetId!: string;
  @ApiProperty({ nullable: true, example: { name: '3栋' } }) data!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, example: '5b0c8f0e-3a57-4a3e-9d55-0c1f4f7f2a10' }) requestId!: string | null;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}

export class AuditEventPageView {
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiProperty({ example: 1 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
}
