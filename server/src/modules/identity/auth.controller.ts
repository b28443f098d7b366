import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Public } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import type { Principal } from '../../tenancy/principal';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  LoginResultView,
  LogoutDto,
  RefreshDto,
  SessionUserView,
  TokenPairView,
} from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Log in with username or phone and password',
    description:
      'Failures in a row lock the account for a while (429 ACCOUNT_LOCKED); bursts from one client get 429 TOO_MANY_REQUESTS.',
  })
  @ApiOkResponse({ type: LoginResultView })
  @ApiErrors({ authenticated: false })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResultView> {
    return this.auth.login(dto, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Each refresh token works once. Presenting a used one ends the session (REFRESH_TOKEN_REUSED).',
  })
  @ApiOkResponse({ type: TokenPairView })
  @ApiErrors({ authenticated: false })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairView> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'End this session (or every session) at once' })
  @ApiErrors()
  logout(@CurrentPrincipal() principal: Principal, @Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(principal, dto.allSessions ?? false);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who am I: profile, roles and the permissions they give' })
  @ApiOkResponse({ type: SessionUserView })
  @ApiErrors()
  me(@CurrentPrincipal() principal: Principal): Promise<SessionUserView> {
    return this.auth.describe(principal.userId, principal.grants);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change my password; every other session is ended' })
  @ApiErrors()
  changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(principal, dto);
  }
}
