import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { InboxMessageView, InboxPageView, InboxQuery } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

export class MarkedView {
  @ApiProperty({ example: 3 }) marked!: number;
}

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My in-app messages, newest first, with the unread count' })
  @ApiOkResponse({ type: InboxPageView })
  @ApiErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: InboxQuery): Promise<InboxPageView> {
    return this.inbox.list(principal, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark all my messages read' })
  @ApiOkResponse({ type: MarkedView })
  @ApiErrors()
  readAll(@CurrentPrincipal() principal: Principal): Promise<MarkedView> {
    return this.inbox.markAllRead(principal);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark one of my messages read' })
  @ApiOkResponse({ type: InboxMessageView })
  @ApiErrors({ notFound: true })
  read(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<InboxMessageView> {
    return this.inbox.markRead(principal, id);
  }
}
