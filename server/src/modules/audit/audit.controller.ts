import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import type { Page } from '../../common/http/pagination';
import type { Principal } from '../../tenancy/principal';
import { AuditService } from './audit.service';
import { AuditEventPageView, ListAuditEventsQuery, type AuditEventView } from './dto/audit.dto';

/** The record of every change, newest first. Organisation-level entries are for HQ only. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'Who changed what, and when' })
  @ApiOkResponse({ type: AuditEventPageView })
  @ApiErrors()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAuditEventsQuery,
  ): Promise<Page<AuditEventView>> {
    return this.audit.list(principal, query);
  }
}
