import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import type { Principal } from '../../tenancy/principal';
import { ConsentsQuery, ConsentsView, RecordConsentsDto } from './dto/consents.dto';
import { ConsentsService } from './consents.service';

@ApiTags('notifications')
@Controller('notifications/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The WeChat subscribe templates the organisation sends, with my remaining consents',
    description: 'The mini program asks for these templates with requestSubscribeMessage.',
  })
  @ApiOkResponse({ type: ConsentsView })
  @ApiErrors({ notFound: true })
  mine(@CurrentPrincipal() principal: Principal, @Query() query: ConsentsQuery): Promise<ConsentsView> {
    return this.consents.mine(principal, query.appId);
  }

  @Post()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Record what requestSubscribeMessage answered: each accept allows one more message',
    description:
      'reject and filter change nothing; ban sets the template to zero. Needs a WeChat mini-program ' +
      'account (PLATFORM_ACCOUNT_NOT_LINKED otherwise).',
  })
  @ApiOkResponse({ type: ConsentsView })
  @ApiErrors({ notFound: true })
  record(@CurrentPrincipal() principal: Principal, @Body() dto: RecordConsentsDto): Promise<ConsentsView> {
    return this.consents.record(principal, dto);
  }
}
