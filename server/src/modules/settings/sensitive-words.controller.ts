import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import {
  AddSensitiveWordDto,
  AddSensitiveWordsDto,
  SensitiveWordsAddedView,
  SensitiveWordView,
} from './dto/settings.dto';
import { SensitiveWordsService } from './sensitive-words.service';

@ApiTags('settings')
@Controller('communities/:id/sensitive-words')
export class SensitiveWordsController {
  constructor(private readonly words: SensitiveWordsService) {}

  @Get()
  @RequirePermission('settings.read')
  @ApiOperation({ summary: 'Sensitive words (敏感词) masked in the community’s report text' })
  @ApiOkResponse({ type: [SensitiveWordView] })
  @ApiErrors({ notFound: true })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
  ): Promise<SensitiveWordView[]> {
    return this.words.list(principal, id);
  }

  @Post()
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Add a sensitive word' })
  @ApiCreatedResponse({ type: SensitiveWordView })
  @ApiErrors({ notFound: true, conflict: true })
  add(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: AddSensitiveWordDto,
  ): Promise<SensitiveWordView> {
    return this.words.add(principal, id, dto);
  }

  @Post('bulk')
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Add many sensitive words at once; those already listed are skipped' })
  @ApiCreatedResponse({ type: SensitiveWordsAddedView })
  @ApiErrors({ notFound: true })
  addMany(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: AddSensitiveWordsDto,
  ): Promise<SensitiveWordsAddedView> {
    return this.words.addMany(principal, id, dto);
  }

  @Delete(':wordId')
  @HttpCode(204)
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Remove a sensitive word' })
  @ApiErrors({ notFound: true })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Param('wordId', IdParam) wordId: string,
  ): Promise<void> {
    return this.words.remove(principal, id, wordId);
  }
}
