import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommunitySettings, FormSettings } from '@smart-repair/shared';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { CommunitySettingsDto, FormSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('communities/:id/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequirePermission('settings.read')
  @ApiOperation({
    summary: 'The workflow settings of a community: form, time limits, auto-actions, dispatch',
    description: 'Defaults stand in for everything the community has not saved.',
  })
  @ApiOkResponse({ type: CommunitySettingsDto })
  @ApiErrors({ notFound: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<CommunitySettings> {
    return this.settings.get(principal, id);
  }

  @Put()
  @RequirePermission('settings.manage')
  @ApiOperation({
    summary: 'Replace the workflow settings of a community',
    description:
      'The whole settings object; location and category stay shown and required, a required field must be shown, and admins are told no sooner than dispatchers.',
  })
  @ApiOkResponse({ type: CommunitySettingsDto })
  @ApiErrors({ notFound: true })
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: CommunitySettingsDto,
  ): Promise<CommunitySettings> {
    return this.settings.replace(principal, id, dto);
  }
}

@ApiTags('settings')
@Controller('communities/:id/report-form')
export class ReportFormController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequirePermission('ticket.report')
  @ApiOperation({
    summary: 'Which fields the community’s report form shows and requires (F1.7)',
    description: 'For everyone who may report there; the server enforces the same form.',
  })
  @ApiOkResponse({ type: FormSettingsDto })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<FormSettings> {
    return this.settings.reportForm(principal, id);
  }
}
