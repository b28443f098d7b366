import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import {
  CreateTradeDto,
  ListTradesQuery,
  SetTradeAreasDto,
  SetTradeMembersDto,
  TradeView,
  UpdateTradeDto,
} from './dto/catalog.dto';
import { TradesService } from './trades.service';

@ApiTags('trades')
@Controller('trades')
export class TradesController {
  constructor(private readonly trades: TradesService) {}

  @Get()
  @RequirePermission('trade.read')
  @ApiOperation({ summary: 'Trades of a community with their areas and engineers' })
  @ApiOkResponse({ type: [TradeView] })
  @ApiErrors({ notFound: true })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTradesQuery): Promise<TradeView[]> {
    return this.trades.list(principal, query);
  }

  @Post()
  @RequirePermission('trade.manage')
  @ApiOperation({ summary: 'Add a trade (工种)' })
  @ApiCreatedResponse({ type: TradeView })
  @ApiErrors({ notFound: true, conflict: true })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTradeDto): Promise<TradeView> {
    return this.trades.create(principal, dto);
  }

  @Get(':id')
  @RequirePermission('trade.read')
  @ApiOperation({ summary: 'One trade' })
  @ApiOkResponse({ type: TradeView })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<TradeView> {
    return this.trades.get(principal, id);
  }

  @Patch(':id')
  @RequirePermission('trade.manage')
  @ApiOperation({ summary: 'Rename, describe or deactivate a trade' })
  @ApiOkResponse({ type: TradeView })
  @ApiErrors({ notFound: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateTradeDto,
  ): Promise<TradeView> {
    return this.trades.update(principal, id, dto);
  }

  @Put(':id/areas')
  @RequirePermission('trade.manage')
  @ApiOperation({ summary: 'Set the areas this trade serves (replaces the list)' })
  @ApiOkResponse({ type: TradeView })
  @ApiErrors({ notFound: true })
  setAreas(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: SetTradeAreasDto,
  ): Promise<TradeView> {
    return this.trades.setAreas(principal, id, dto.areaIds);
  }

  @Put(':id/members')
  @RequirePermission('trade.manage')
  @ApiOperation({ summary: 'Set the engineers skilled in this trade (replaces the list)' })
  @ApiOkResponse({ type: TradeView })
  @ApiErrors({ notFound: true })
  setMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: SetTradeMembersDto,
  ): Promise<TradeView> {
    return this.trades.setMembers(principal, id, dto.userIds);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('trade.manage')
  @ApiOperation({ summary: 'Remove a trade no category uses' })
  @ApiErrors({ notFound: true, conflict: true })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<void> {
    return this.trades.remove(principal, id);
  }
}
