import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { PageQuery, paging, type Page } from '../../common/http/pagination';
import { ALL_COMMUNITIES, type Principal } from '../../tenancy/principal';
import { AuditEventEntity } from './audit-event.entity';

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

/** The record of every change, newest first. Organisation-level entries are for HQ only. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'Who changed what, and when' })
  @ApiOkResponse({ type: AuditEventPageView })
  @ApiErrors()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAuditEventsQuery,
  ): Promise<Page<AuditEventView>> {
    const { page, pageSize, skip } = paging(query);
    const scope = principal.communitiesWith('audit.read');
    const where: FindOptionsWhere<AuditEventEntity> = { organizationId: principal.organizationId };
    if (query.communityId !== undefined) {
      if (scope !== ALL_COMMUNITIES && !scope.includes(query.communityId))
        return { items: [], total: 0, page, pageSize };
      where.communityId = query.communityId;
    } else if (scope !== ALL_COMMUNITIES) {
      where.communityId = In(scope);
    }
    if (query.targetType !== undefined) where.targetType = query.targetType;
    if (query.targetId !== undefined) where.targetId = query.targetId;
    const [rows, total] = await this.dataSource.getRepository(AuditEventEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    return {
      items: rows.map((row) => ({
        id: row.id,
        communityId: row.communityId,
        actorId: row.actorId,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        data: row.data,
        requestId: row.requestId,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page,
      pageSize,
    };
  }
}
