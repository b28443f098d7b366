import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { IdParam } from '../../common/http/id-param';
import type { Principal } from '../../tenancy/principal';
import { CategoriesService } from './categories.service';
import { CategoryView, CreateCategoryDto, ListCategoriesQuery, UpdateCategoryDto } from './dto/catalog.dto';

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @RequirePermission('category.read')
  @ApiOperation({ summary: 'Repair categories (报修产品) of a community' })
  @ApiOkResponse({ type: [CategoryView] })
  @ApiErrors({ notFound: true })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCategoriesQuery,
  ): Promise<CategoryView[]> {
    return this.categories.list(principal, query);
  }

  @Post()
  @RequirePermission('category.manage')
  @ApiOperation({ summary: 'Add a repair category bound to a trade' })
  @ApiCreatedResponse({ type: CategoryView })
  @ApiErrors({ notFound: true, conflict: true })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(principal, dto);
  }

  @Get(':id')
  @RequirePermission('category.read')
  @ApiOperation({ summary: 'One repair category' })
  @ApiOkResponse({ type: CategoryView })
  @ApiErrors({ notFound: true })
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<CategoryView> {
    return this.categories.get(principal, id);
  }

  @Patch(':id')
  @RequirePermission('category.manage')
  @ApiOperation({ summary: 'Change a category, including the trade it is bound to' })
  @ApiOkResponse({ type: CategoryView })
  @ApiErrors({ notFound: true })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateCategoryDto,
  ): Promise<CategoryView> {
    return this.categories.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('category.manage')
  @ApiOperation({ summary: 'Remove a category' })
  @ApiErrors({ notFound: true })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<void> {
    return this.categories.remove(principal, id);
  }
}
