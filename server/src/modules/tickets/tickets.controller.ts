import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import {
  AssistanceDto,
  CompleteDto,
  DispatchDto,
  MergeDto,
  MessageDto,
  NoteDto,
  PlanRequestDto,
  RateDto,
  ReasonDto,
  TransferDto,
} from './dto/actions.dto';
import { ReportTicketDto } from './dto/report.dto';
import {
  ChainReportView,
  EngineerChoiceView,
  MessageView,
  MineQuery,
  ReportResultView,
  TaskQuery,
  TicketDetailView,
  TicketEventView,
  TicketFilterQuery,
  TicketPageView,
} from './dto/views.dto';
import { TicketQueries } from './ticket-queries.service';
import { TicketsService } from './tickets.service';

/**
 * Tickets: report, the three lists, one ticket with its history, and one route per lifecycle
 * action (never a PATCH of the status). Every action answers with the ticket as it now is.
 */
@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueries,
  ) {}

  @Post()
  @RequirePermission('ticket.report')
  @ApiOperation({
    summary: 'Report a fault (报修)',
    description:
      'Follows the community’s form settings; the text is masked for sensitive words; a report of the same fault at the same place while one is open is linked to it (duplicateOf).',
  })
  @ApiCreatedResponse({ type: ReportResultView })
  @ApiErrors({ notFound: true })
  report(@CurrentPrincipal() principal: Principal, @Body() dto: ReportTicketDto): Promise<ReportResultView> {
    return this.tickets.report(principal, dto);
  }

  @Get('mine')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'My reports and those I follow, newest first' })
  @ApiOkResponse({ type: TicketPageView })
  @ApiErrors()
  mine(@CurrentPrincipal() principal: Principal, @Query() query: MineQuery): Promise<TicketPageView> {
    return this.queries.mine(principal, query);
  }

  @Get('tasks')
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: 'An engineer’s inbox: new, in progress, done, overdue' })
  @ApiOkResponse({ type: TicketPageView })
  @ApiErrors()
  tasks(@CurrentPrincipal() principal: Principal, @Query() query: TaskQuery): Promise<TicketPageView> {
    return this.queries.tasks(principal, query);
  }

  @Get()
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'The dispatch board: every ticket of the communities I run, filtered' })
  @ApiOkResponse({ type: TicketPageView })
  @ApiErrors({ notFound: true })
  board(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TicketFilterQuery,
  ): Promise<TicketPageView> {
    return this.queries.board(principal, query);
  }

  @Get(':id')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'One ticket, with the actions the caller may take now' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true })
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<TicketDetailView> {
    return this.queries.detail(principal, id);
  }

  @Get(':id/events')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'The timeline: every step with who, when and why' })
  @ApiOkResponse({ type: [TicketEventView] })
  @ApiErrors({ notFound: true })
  events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<TicketEventView[]> {
    return this.queries.timeline(principal, id);
  }

  @Get(':id/engineers')
  @RequirePermission('ticket.read')
  @ApiOperation({
    summary: 'Engineers the ticket can be handed to, its trade first, with their open work',
    description: 'For the engineers on it and the office (transfer, assistance, manual dispatch).',
  })
  @ApiOkResponse({ type: EngineerChoiceView, isArray: true })
  @ApiErrors({ notFound: true })
  engineers(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<EngineerChoiceView[]> {
    return this.queries.engineers(principal, id);
  }

  @Get(':id/chain')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'Verify the hash chain of the ticket’s history (detects edited history)' })
  @ApiOkResponse({ type: ChainReportView })
  @ApiErrors({ notFound: true })
  chain(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<ChainReportView> {
    return this.queries.verify(principal, id);
  }

  @Get(':id/messages')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'Messages among reporter, engineers and the office' })
  @ApiOkResponse({ type: [MessageView] })
  @ApiErrors({ notFound: true })
  messages(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<MessageView[]> {
    return this.queries.messages(principal, id);
  }

  @Post(':id/messages')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'Leave a message on the ticket (masked for sensitive words)' })
  @ApiCreatedResponse({ type: MessageView })
  @ApiErrors({ notFound: true })
  postMessage(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: MessageDto,
  ): Promise<MessageView> {
    return this.tickets.postMessage(principal, id, dto.body);
  }

  // --- lifecycle actions -------------------------------------------------------------------------

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission('ticket.dispatch')
  @ApiOperation({ summary: '受理: take the report on' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async accept(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: NoteDto) {
    await this.tickets.accept(p, id, dto.note);
    return this.queries.detail(p, id);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @RequirePermission('ticket.dispatch')
  @ApiOperation({ summary: '派工: to a named engineer, or let the system choose (the reason is kept)' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async dispatch(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: DispatchDto,
  ) {
    await this.tickets.dispatch(p, id, dto, 'dispatch');
    return this.queries.detail(p, id);
  }

  @Post(':id/redispatch')
  @HttpCode(200)
  @RequirePermission('ticket.dispatch')
  @ApiOperation({ summary: '改派: hand the order to another engineer' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async redispatch(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: DispatchDto,
  ) {
    await this.tickets.dispatch(p, id, dto, 'redispatch');
    return this.queries.detail(p, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '抢单: claim an order open for claiming; the first wins, the rest get 409' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async claim(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    await this.tickets.claim(p, id);
    return this.queries.detail(p, id);
  }

  @Post(':id/take')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '接单: accept the order sent to me' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async take(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    await this.tickets.take(p, id);
    return this.queries.detail(p, id);
  }

  // Return and transfer answer 204: the order is no longer the caller's to see.
  @Post(':id/return')
  @HttpCode(204)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '退回: give the order back to the office, with a reason' })
  @ApiErrors({ notFound: true, conflict: true })
  giveBack(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ReasonDto,
  ): Promise<void> {
    return this.tickets.giveBack(p, id, dto);
  }

  @Post(':id/transfer')
  @HttpCode(204)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '转单: hand the order to a named engineer (who must then accept it)' })
  @ApiErrors({ notFound: true, conflict: true })
  transfer(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: TransferDto,
  ): Promise<void> {
    return this.tickets.transfer(p, id, dto);
  }

  @Post(':id/assistance')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '申请协助: ask other engineers to help; they join the ticket' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async assistance(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: AssistanceDto,
  ) {
    await this.tickets.requestAssistance(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/join')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: 'Join a ticket I was asked to assist on' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async join(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    await this.tickets.join(p, id);
    return this.queries.detail(p, id);
  }

  @Post(':id/start')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '开始维修: on site, work begins' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async start(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    await this.tickets.start(p, id);
    return this.queries.detail(p, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '完工: fault cause, handling method, parts used, photos after the repair' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async complete(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: CompleteDto,
  ) {
    await this.tickets.complete(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/plan-request')
  @HttpCode(200)
  @RequirePermission('ticket.work')
  @ApiOperation({ summary: '申请转计划: cannot be finished soon; propose a planned date' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async planRequest(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: PlanRequestDto,
  ) {
    await this.tickets.requestPlan(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/plan-approve')
  @HttpCode(200)
  @RequirePermission('ticket.approve')
  @ApiOperation({ summary: '同意转计划' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async planApprove(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    await this.tickets.decidePlan(p, id, true);
    return this.queries.detail(p, id);
  }

  @Post(':id/plan-refuse')
  @HttpCode(200)
  @RequirePermission('ticket.approve')
  @ApiOperation({ summary: '拒绝转计划, with a reason: the work goes on' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async planRefuse(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ReasonDto,
  ) {
    await this.tickets.decidePlan(p, id, false, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/pass')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({ summary: '验收通过: the office accepts the work' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async pass(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: NoteDto) {
    await this.tickets.pass(p, id, dto.note);
    return this.queries.detail(p, id);
  }

  @Post(':id/rework')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({ summary: '返工: send the work back to the engineer, with a reason' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async rework(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: ReasonDto) {
    await this.tickets.rework(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({ summary: '关闭: close the ticket with a reason' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async close(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: ReasonDto) {
    await this.tickets.close(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({ summary: '重新打开 a closed or cancelled ticket, with a reason' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async reopen(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: ReasonDto) {
    await this.tickets.reopen(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({
    summary: 'Merge into another open ticket of the same fault; its reporter follows that one',
  })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async merge(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: MergeDto) {
    await this.tickets.merge(p, id, dto.intoTicketId);
    return this.queries.detail(p, id);
  }

  @Post(':id/split')
  @HttpCode(200)
  @RequirePermission('ticket.verify')
  @ApiOperation({ summary: 'Undo a merge or duplicate link: the ticket is handled on its own again' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async split(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: ReasonDto) {
    await this.tickets.split(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/rate')
  @HttpCode(200)
  @RequirePermission('ticket.report')
  @ApiOperation({ summary: '评价: 1–5 stars and a comment, after the office accepted the work' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async rate(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: RateDto) {
    await this.tickets.rate(p, id, dto);
    return this.queries.detail(p, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('ticket.report')
  @ApiOperation({ summary: '撤单: the reporter withdraws the report before work starts' })
  @ApiOkResponse({ type: TicketDetailView })
  @ApiErrors({ notFound: true, conflict: true })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body() dto: ReasonDto) {
    await this.tickets.cancel(p, id, dto);
    return this.queries.detail(p, id);
  }
}
