import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import {
  CreateLocationDto,
  ListLocationsQuery,
  LocationDetailView,
  LocationTreeNode,
  LocationView,
  UpdateLocationDto,
} from './dto/org.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller()
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get('locations')
  @RequirePermission('location.read')
  @ApiOperation({ summary: 'Locations of a community, optionally the children of one node or one kind' })
  @ApiOkResponse({ type: [LocationView] })
  @ApiErrors({ notFound: true })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListLocationsQuery,
  ): Promise<LocationView[]> {
    return this.locations.list(principal, query);
  }

  @Get('communities/:id/location-tree')
  @RequirePermission('location.read')
  @ApiOperation({ summary: 'The whole location tree of a community, nested' })
  @ApiOkResponse({ type: [LocationTreeNode] })
  @ApiErrors({ notFound: true })
  tree(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<LocationTreeNode[]> {
    return this.locations.tree(principal, id);
  }

  @Post('locations')
  @RequirePermission('location.manage')
  @ApiOperation({
    summary: 'Add a location',
    description:
      'area at the top; building under an area; floor under a building; room under a floor; public_place under an area, building or floor.',
  })
  @ApiCreatedResponse({ type: LocationView })
  @ApiErrors({ notFound: true, conflict: true })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateLocationDto): Promise<LocationView> {
    return this.locations.create(principal, dto);
  }

  @Get('locations/:id')
  @RequirePermission('location.read')
  @ApiOperation({ summary: 'One location with its ancestors and full path' })
  @ApiOkResponse({ type: LocationDetailView })
  @ApiErrors({ notFound: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<LocationDetailView> {
    return this.locations.get(principal, id);
  }

  @Patch('locations/:id')
  @RequirePermission('location.manage')
  @ApiOperation({ summary: 'Rename, re-code or re-order a location' })
  @ApiOkResponse({ type: LocationView })
  @ApiErrors({ notFound: true, conflict: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateLocationDto,
  ): Promise<LocationView> {
    return this.locations.update(principal, id, dto);
  }

  @Delete('locations/:id')
  @HttpCode(204)
  @RequirePermission('location.manage')
  @ApiOperation({ summary: 'Remove an empty location' })
  @ApiErrors({ notFound: true, conflict: true })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<void> {
    return this.locations.remove(principal, id);
  }
}
