import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../common/auth/auth.decorators';
import { ApiErrors } from '../common/http/api-docs';
import { IdParam } from '../common/http/id-param';
import type { Principal } from '../tenancy/principal';
import { CreatePlatformAppDto, PlatformAppView, UpdatePlatformAppDto } from './dto/platform-apps.dto';
import { PlatformAppsService } from './platform-apps.service';

@ApiTags('platform apps')
@Controller('platform-apps')
export class PlatformAppsController {
  constructor(private readonly apps: PlatformAppsService) {}

  @Get()
  @RequirePermission('platform.manage')
  @ApiOperation({
    summary: "The organisation's WeChat, WeCom, DingTalk and Baidu apps",
    description: 'Secrets are never answered; only their last four characters.',
  })
  @ApiOkResponse({ type: PlatformAppView, isArray: true })
  @ApiErrors()
  list(@CurrentPrincipal() principal: Principal): Promise<PlatformAppView[]> {
    return this.apps.list(principal);
  }

  @Post()
  @RequirePermission('platform.manage')
  @ApiOperation({
    summary: 'Register a platform app with its secret',
    description: 'An app belongs to one organisation; registering it twice is PLATFORM_APP_TAKEN.',
  })
  @ApiCreatedResponse({ type: PlatformAppView })
  @ApiErrors({ conflict: true })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreatePlatformAppDto,
  ): Promise<PlatformAppView> {
    return this.apps.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermission('platform.manage')
  @ApiOperation({ summary: 'Rename a platform app, replace its secret, or switch it off' })
  @ApiOkResponse({ type: PlatformAppView })
  @ApiErrors({ notFound: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdatePlatformAppDto,
  ): Promise<PlatformAppView> {
    return this.apps.update(principal, id, dto);
  }
}
