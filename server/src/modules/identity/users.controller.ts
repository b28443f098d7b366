import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Page } from '../../common/http/pagination';
import type { Principal } from '../../tenancy/principal';
import {
  CreateUserDto,
  ListUsersQuery,
  ResetPasswordDto,
  RoleGrantInput,
  UpdateUserDto,
  UserPageView,
  UserView,
} from './dto/users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('user.read')
  @ApiOperation({ summary: 'Staff and residents of the communities you manage' })
  @ApiOkResponse({ type: UserPageView })
  @ApiErrors({ notFound: true })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(principal, query);
  }

  @Post()
  @RequirePermission('user.manage')
  @ApiOperation({
    summary: 'Add a person with their roles',
    description: 'Each role must be one you may assign, in a community you manage.',
  })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(principal, dto);
  }

  @Get(':id')
  @RequirePermission('user.read')
  @ApiOperation({ summary: 'One person' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<UserView> {
    return this.users.get(principal, id);
  }

  @Patch(':id')
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Change name, phone or on-duty status' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(principal, id, dto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Disable: every session ends and the next request is refused' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  disable(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<UserView> {
    return this.users.setStatus(principal, id, 'disabled');
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Enable again; also lifts a lock left by failed logins' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  enable(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<UserView> {
    return this.users.setStatus(principal, id, 'active');
  }

  @Post(':id/password')
  @HttpCode(204)
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Set a new password for someone; their sessions end' })
  @ApiErrors({ notFound: true, conflict: true })
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<void> {
    return this.users.resetPassword(principal, id, dto.password);
  }

  @Post(':id/roles')
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Give a role (in a community, or organisation-wide for hq_admin)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  addRole(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: RoleGrantInput,
  ): Promise<UserView> {
    return this.users.addRole(principal, id, dto);
  }

  @Delete(':id/roles/:roleId')
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Take a role away; it stops working on the next request' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors({ notFound: true, conflict: true })
  removeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Param('roleId', IdParam) roleId: string,
  ): Promise<UserView> {
    return this.users.removeRole(principal, id, roleId);
  }
}
