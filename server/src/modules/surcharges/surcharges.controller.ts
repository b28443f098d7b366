import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { NoteDto, ReasonDto } from '../tickets/dto/actions.dto';
import {
  ListSurchargesQuery,
  RequestSurchargeDto,
  SurchargePageView,
  SurchargeView,
} from './dto/surcharges.dto';
import { SurchargesService } from './surcharges.service';

@ApiTags('surcharges')
@Controller()
export class SurchargesController {
  constructor(private readonly surcharges: SurchargesService) {}

  @Post('tickets/:id/surcharges')
  @RequirePermission('ticket.work')
  @ApiOperation({
    summary: 'Ask the resident to pay a surcharge (加价): itemised lines, reason, photos',
    description:
      'By the engineers on the job. It goes through the community’s approval chain, then to the resident; one at a time per ticket (409 SURCHARGE_OPEN).',
  })
  @ApiCreatedResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  request(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: RequestSurchargeDto,
  ): Promise<SurchargeView> {
    return this.surcharges.request(principal, id, dto);
  }

  @Get('tickets/:id/surcharges')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'The surcharges of a ticket, newest first, with what I may do with each' })
  @ApiOkResponse({ type: SurchargeView, isArray: true })
  @ApiErrors({ notFound: true })
  forTicket(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<SurchargeView[]> {
    return this.surcharges.forTicket(principal, id);
  }

  @Get('surcharges')
  @RequirePermission('surcharge.approve')
  @ApiOperation({ summary: 'Surcharges of the communities where I approve them, newest first' })
  @ApiOkResponse({ type: SurchargePageView })
  @ApiErrors({ notFound: true })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSurchargesQuery,
  ): Promise<SurchargePageView> {
    return this.surcharges.list(principal, query);
  }

  @Get('surcharges/:id')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'One surcharge, for whoever sees its ticket' })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<SurchargeView> {
    return this.surcharges.get(principal, id);
  }

  @Post('surcharges/:id/approve')
  @HttpCode(200)
  @RequirePermission('surcharge.approve')
  @ApiOperation({
    summary: 'Approve the current level of a surcharge',
    description:
      'By someone holding that level’s role (HQ any level), never the requester, one level per person.',
  })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: NoteDto,
  ): Promise<SurchargeView> {
    return this.surcharges.approve(principal, id, dto.note);
  }

  @Post('surcharges/:id/refuse')
  @HttpCode(200)
  @RequirePermission('surcharge.approve')
  @ApiOperation({ summary: 'Refuse a surcharge at the current level, saying why' })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  refuse(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ReasonDto,
  ): Promise<SurchargeView> {
    return this.surcharges.refuse(principal, id, dto.reason);
  }

  @Post('surcharges/:id/agree')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'The resident agrees to the itemised quote; it becomes payable' })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  agree(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<SurchargeView> {
    return this.surcharges.agree(principal, id);
  }

  @Post('surcharges/:id/decline')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'The resident declines the quote, saying why; the engineer and the office are told',
  })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  decline(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ReasonDto,
  ): Promise<SurchargeView> {
    return this.surcharges.decline(principal, id, dto.reason);
  }

  @Post('surcharges/:id/withdraw')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Withdraw a surcharge before it is paid (the engineer who asked, or the office)' })
  @ApiOkResponse({ type: SurchargeView })
  @ApiErrors({ notFound: true, conflict: true })
  withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ReasonDto,
  ): Promise<SurchargeView> {
    return this.surcharges.withdraw(principal, id, dto.reason);
  }
}
