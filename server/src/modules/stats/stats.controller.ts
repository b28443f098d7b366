import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import type { Principal } from '../../tenancy/principal';
import { TicketStatsQuery, TicketStatsView } from './dto/stats.dto';
import { StatsService } from './stats.service';

/** Figures for the office: those who run dispatch in a community, and HQ across communities (F4). */
@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('tickets')
  @RequirePermission('ticket.dispatch')
  @ApiOperation({
    summary: 'Ticket figures for a range of time',
    description:
      'Counts by status, day (China time), category and engineer; average hours of each step; ratings; overdue tickets now; surcharge money from the ledger. At most 366 days.',
  })
  @ApiOkResponse({ type: TicketStatsView })
  @ApiErrors({ notFound: true })
  tickets(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TicketStatsQuery,
  ): Promise<TicketStatsView> {
    return this.stats.tickets(principal, query);
  }
}
