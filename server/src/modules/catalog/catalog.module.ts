import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';
import { TradesController } from './trades.controller';
import { TradesService } from './trades.service';

/** What auto-dispatch reads: trades bound to areas and engineers, categories bound to trades. */
@Module({
  imports: [AuditModule],
  controllers: [TradesController, CategoriesController],
  providers: [TradesService, CategoriesService],
})
export class CatalogModule {}
