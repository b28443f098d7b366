import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { BarredReportersService } from './barred-reporters.service';
import { BarReporterDto, BarredReporterView } from './dto/settings.dto';

@ApiTags('settings')
@Controller('communities/:id/barred-reporters')
export class BarredReportersController {
  constructor(private readonly bans: BarredReportersService) {}

  @Get()
  @RequirePermission('settings.read')
  @ApiOperation({ summary: 'People and phone numbers barred from reporting here, newest first' })
  @ApiOkResponse({ type: [BarredReporterView] })
  @ApiErrors({ notFound: true })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<BarredReporterView[]> {
    return this.bans.list(principal, id);
  }

  @Post()
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Bar a person or a phone number from reporting, until a date or indefinitely' })
  @ApiCreatedResponse({ type: BarredReporterView })
  @ApiErrors({ notFound: true })
  bar(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: BarReporterDto,
  ): Promise<BarredReporterView> {
    return this.bans.bar(principal, id, dto);
  }

  @Delete(':barId')
  @HttpCode(204)
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Lift a ban' })
  @ApiErrors({ notFound: true })
  lift(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Param('barId', IdParam) barId: string,
  ): Promise<void> {
    return this.bans.lift(principal, id, barId);
  }
}
