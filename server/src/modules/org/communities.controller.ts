import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { CommunitiesService } from './communities.service';
import { CommunityView, CreateCommunityDto, OrganizationView, UpdateCommunityDto } from './dto/org.dto';

@ApiTags('organization')
@Controller()
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Get('organization')
  @RequirePermission('organization.read')
  @ApiOperation({ summary: 'My organisation (物业总部)' })
  @ApiOkResponse({ type: OrganizationView })
  @ApiErrors()
  organization(@CurrentPrincipal() principal: Principal): Promise<OrganizationView> {
    return this.communities.organization(principal);
  }

  @Get('communities')
  @RequirePermission('community.read')
  @ApiOperation({ summary: 'Communities I can see: all of them for HQ, my own otherwise' })
  @ApiOkResponse({ type: [CommunityView] })
  @ApiErrors()
  list(@CurrentPrincipal() principal: Principal): Promise<CommunityView[]> {
    return this.communities.list(principal);
  }

  @Post('communities')
  @RequirePermission('community.create')
  @ApiOperation({ summary: 'Add a community (HQ only)' })
  @ApiCreatedResponse({ type: CommunityView })
  @ApiErrors({ conflict: true })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCommunityDto): Promise<CommunityView> {
    return this.communities.create(principal, dto);
  }

  @Get('communities/:id')
  @RequirePermission('community.read')
  @ApiOperation({ summary: 'One community' })
  @ApiOkResponse({ type: CommunityView })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<CommunityView> {
    return this.communities.get(principal, id);
  }

  @Patch('communities/:id')
  @RequirePermission('community.update')
  @ApiOperation({ summary: 'Rename, re-address or deactivate a community' })
  @ApiOkResponse({ type: CommunityView })
  @ApiErrors({ notFound: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateCommunityDto,
  ): Promise<CommunityView> {
    return this.communities.update(principal, id, dto);
  }
}
