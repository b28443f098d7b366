import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  Authenticated,
  CurrentPrincipal,
  Public,
  RequirePermission,
} from '../../common/auth/auth.decorators';
import { DomainException } from '../../common/errors/domain.exception';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import { DEMO_PLATFORMS } from '../../config/config.module';
import type { DemoPlatforms } from '../../platforms/demo-platforms';
import type { Principal } from '../../tenancy/principal';
import {
  LedgerQuery,
  LedgerView,
  PaymentMerchantView,
  PaymentStartView,
  RefundDto,
  RefundableView,
  RefundView,
  SetPaymentMerchantDto,
} from './dto/payments.dto';
import { LedgerService } from './ledger.service';
import { PaymentMerchantsService } from './payment-merchants.service';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly merchants: PaymentMerchantsService,
    private readonly ledger: LedgerService,
    @Inject(DEMO_PLATFORMS) private readonly demo: DemoPlatforms | null,
  ) {}

  @Post('surcharges/:id/payment')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Pay an agreed surcharge with WeChat Pay: the parameters for requestPayment',
    description:
      'By the resident who reported the ticket. The amount is the surcharge’s own; a second tap answers the same order (R16). The ticket moves on only when WeChat Pay says it is paid.',
  })
  @ApiOkResponse({ type: PaymentStartView })
  @ApiErrors({ notFound: true, conflict: true })
  start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<PaymentStartView> {
    return this.payments.start(principal, id);
  }

  @Post('payments/wechat/notify/:id')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'WeChat Pay notifications (payments and refunds) for one merchant',
    description:
      'Verified on the raw body before it is read: bad or probe signatures, stale timestamps and amounts or merchants that are not ours are refused with 4xx and change nothing (R11–R13).',
  })
  @ApiNoContentResponse({ description: 'Taken (also for a repeat)' })
  @ApiErrors({ authenticated: false, notFound: true })
  async notify(
    @Param('id', IdParam) id: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ): Promise<void> {
    await this.payments.notify(id, request.headers, request.rawBody ?? Buffer.alloc(0));
  }

  @Post('surcharges/:id/refunds')
  @RequirePermission('payment.refund')
  @ApiOperation({
    summary: 'Refund a paid surcharge, fully or in part',
    description: 'Under a refund number of ours, so a retry never refunds twice; at most what is left.',
  })
  @ApiCreatedResponse({ type: RefundView })
  @ApiErrors({ notFound: true, conflict: true })
  refund(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: RefundDto,
  ): Promise<RefundView> {
    return this.payments.refund(principal, id, dto.amountFen, dto.reason);
  }

  @Get('surcharges/:id/refundable')
  @RequirePermission('payment.refund')
  @ApiOperation({ summary: 'What is left to refund of a surcharge (for the refund form)' })
  @ApiOkResponse({ type: RefundableView })
  @ApiErrors({ notFound: true })
  refundable(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<RefundableView> {
    return this.payments.refundable(principal, id);
  }

  @Get('surcharges/:id/refunds')
  @RequirePermission('ticket.read')
  @ApiOperation({ summary: 'The refunds of a surcharge' })
  @ApiOkResponse({ type: RefundView, isArray: true })
  @ApiErrors({ notFound: true })
  refunds(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<RefundView[]> {
    return this.payments.refunds(principal, id);
  }

  @Get('ledger')
  @RequirePermission('payment.read')
  @ApiOperation({
    summary: 'The money book: payments, refunds, closed orders, failures and alarms, with daily totals',
  })
  @ApiOkResponse({ type: LedgerView })
  @ApiErrors({ notFound: true })
  ledgerEntries(@CurrentPrincipal() principal: Principal, @Query() query: LedgerQuery): Promise<LedgerView> {
    return this.ledger.list(principal, query);
  }

  @Get('payment-merchant')
  @RequirePermission('platform.manage')
  @ApiOperation({ summary: 'The organisation’s WeChat Pay merchant (no keys), or null' })
  @ApiOkResponse({ type: PaymentMerchantView })
  @ApiErrors()
  merchant(@CurrentPrincipal() principal: Principal): Promise<PaymentMerchantView | null> {
    return this.merchants.get(principal);
  }

  @Put('payment-merchant')
  @RequirePermission('platform.manage')
  @ApiOperation({
    summary: 'Set the organisation’s WeChat Pay merchant',
    description: 'The private key and APIv3 key are stored sealed and never answered back.',
  })
  @ApiOkResponse({ type: PaymentMerchantView })
  @ApiErrors()
  setMerchant(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SetPaymentMerchantDto,
  ): Promise<PaymentMerchantView> {
    return this.merchants.set(principal, dto);
  }

  @Post('demo/wechat-pay/orders/:outTradeNo/pay')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'Demo mode only: the payer pays their order at the fake WeChat Pay',
    description:
      'Stands in for the WeChat cashier in the H5 demo; the payment then arrives as a real signed notification. Not there outside demo mode.',
  })
  @ApiNoContentResponse({ description: 'Paid at the fake; the notification follows' })
  @ApiErrors({ notFound: true })
  async demoPay(
    @CurrentPrincipal() principal: Principal,
    @Param('outTradeNo') outTradeNo: string,
  ): Promise<void> {
    if (this.demo === null || !(await this.payments.isPayerOf(principal, outTradeNo)))
      throw new DomainException('ROUTE_NOT_FOUND', 'Not found');
    this.demo.wechatPay.payOrder(outTradeNo);
  }
}
