import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Public } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import type { Principal } from '../../tenancy/principal';
import {
  EnrolDto,
  OfficialOauthQuery,
  OfficialOauthView,
  PhoneCodeDto,
  PhoneView,
  PlatformCodeDto,
  PlatformIdentityView,
  PlatformLoginDto,
  PlatformLoginResultView,
} from './dto/platform-login.dto';
import { PlatformLoginService } from './platform-login.service';

@ApiTags('auth')
@Controller('auth')
export class PlatformLoginController {
  constructor(private readonly logins: PlatformLoginService) {}

  @Post('platform-login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Log in from WeChat, WeCom, DingTalk, Baidu or the WeChat official account',
    description:
      'Exchanges the client’s one-time code with the platform. Known people are signed in; a new resident without communityId gets outcome choose_community with an enrolment token; unknown staff get 403 PLATFORM_ACCOUNT_NOT_LINKED. A refused code is 400 PLATFORM_CODE_INVALID; a platform failure 503 PLATFORM_UNAVAILABLE.',
  })
  @ApiOkResponse({ type: PlatformLoginResultView })
  @ApiErrors({ authenticated: false, notFound: true })
  login(@Body() dto: PlatformLoginDto, @Req() request: FastifyRequest): Promise<PlatformLoginResultView> {
    return this.logins.login(dto, clientOf(request));
  }

  @Get('wechat-oauth-url')
  @Public()
  @ApiOperation({
    summary: 'Where the H5 page inside WeChat sends people to sign in with the official account',
    description:
      'Silent (snsapi_base) authorisation; WeChat returns to redirectUri (an address on this server) with ?code= for platform-login with kind wechat_official.',
  })
  @ApiOkResponse({ type: OfficialOauthView })
  @ApiErrors({ authenticated: false, notFound: true })
  officialOauthUrl(@Query() query: OfficialOauthQuery): Promise<OfficialOauthView> {
    return this.logins.officialOauthUrl(query);
  }

  @Post('platform-enrol')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'A new resident joins the community they chose, and is signed in',
    description: 'Takes the enrolment token of a choose_community answer (valid 10 minutes).',
  })
  @ApiOkResponse({ type: PlatformLoginResultView })
  @ApiErrors({ authenticated: false, notFound: true })
  enrol(@Body() dto: EnrolDto, @Req() request: FastifyRequest): Promise<PlatformLoginResultView> {
    return this.logins.enrol(dto, clientOf(request));
  }

  @Get('platform-identities')
  @Authenticated()
  @ApiOperation({ summary: 'The platform accounts linked to me' })
  @ApiOkResponse({ type: PlatformIdentityView, isArray: true })
  @ApiErrors()
  identities(@CurrentPrincipal() principal: Principal): Promise<PlatformIdentityView[]> {
    return this.logins.identities(principal);
  }

  @Post('platform-identities')
  @Authenticated()
  @ApiOperation({
    summary: 'Link my account on another platform app (a code from that app)',
    description: 'An account already linked to someone else is 409 PLATFORM_IDENTITY_TAKEN.',
  })
  @ApiCreatedResponse({ type: PlatformIdentityView })
  @ApiErrors({ notFound: true, conflict: true })
  link(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: PlatformCodeDto,
  ): Promise<PlatformIdentityView> {
    return this.logins.link(principal, dto);
  }

  @Post('phone')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Bind my WeChat-verified phone number (getPhoneNumber code)',
    description:
      'A number on file is answered without a lookup unless replace is set; lookups per person per day are capped (429).',
  })
  @ApiOkResponse({ type: PhoneView })
  @ApiErrors({ conflict: true })
  phone(@CurrentPrincipal() principal: Principal, @Body() dto: PhoneCodeDto): Promise<PhoneView> {
    return this.logins.bindPhone(principal, dto.code, dto.replace ?? false);
  }
}

function clientOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}
