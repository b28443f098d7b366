import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { DeliveriesService } from './deliveries.service';
import { DeliveryDetailView, DeliveryPageView, DeliveryQuery } from './dto/deliveries.dto';
import { NotificationRulesDto, NotificationRulesView } from './dto/notification-rules.dto';
import { NotificationRulesService } from './notification-rules.service';

@ApiTags('notifications')
@Controller('notification-rules')
export class NotificationRulesController {
  constructor(private readonly rules: NotificationRulesService) {}

  @Get()
  @RequirePermission('notification.manage')
  @ApiOperation({
    summary: "The organisation's notification rules: which event tells whom, on which platforms",
    description: 'The defaults until headquarters saves its own set (customized: false).',
  })
  @ApiOkResponse({ type: NotificationRulesView })
  @ApiErrors()
  get(@CurrentPrincipal() principal: Principal): Promise<NotificationRulesView> {
    return this.rules.get(principal);
  }

  @Put()
  @RequirePermission('notification.manage')
  @ApiOperation({
    summary: "Replace the organisation's notification rules (headquarters only)",
    description: 'An empty list returns to the defaults; switch a rule off with enabled: false.',
  })
  @ApiOkResponse({ type: NotificationRulesView })
  @ApiErrors()
  replace(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: NotificationRulesDto,
  ): Promise<NotificationRulesView> {
    return this.rules.replace(principal, dto);
  }
}

@ApiTags('notifications')
@Controller('notification-deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @RequirePermission('notification.manage')
  @ApiOperation({
    summary: 'Messages sent or to send, newest first: by status, channel, person, ticket, time',
    description: "Admins see their communities' deliveries, headquarters all of them.",
  })
  @ApiOkResponse({ type: DeliveryPageView })
  @ApiErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: DeliveryQuery): Promise<DeliveryPageView> {
    return this.deliveries.list(principal, query);
  }

  @Get(':id')
  @RequirePermission('notification.manage')
  @ApiOperation({ summary: 'One delivery with every attempt: when, how it ended, the platform error code' })
  @ApiOkResponse({ type: DeliveryDetailView })
  @ApiErrors({ notFound: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<DeliveryDetailView> {
    return this.deliveries.get(principal, id);
  }
}
