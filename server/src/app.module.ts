import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AccessGuard } from './common/auth/access.guard';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { HealthModule } from './modules/health/health.module';
import { IdentityModule } from './modules/identity/identity.module';
import { NotifyModule } from './modules/notify/notify.module';
import { OrgModule } from './modules/org/org.module';
import { SchedulerModule } from './modules/scheduler/scheduler.module';
import { SettingsModule } from './modules/settings/settings.module';
import { TicketAccessModule } from './modules/tickets/ticket-access.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { WebModule } from './modules/web/web.module';
import { PlatformsModule } from './platforms/platforms.module';
import { SurchargesModule } from './modules/surcharges/surcharges.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { StatsModule } from './modules/stats/stats.module';
import type { DemoPlatforms } from './platforms/demo-platforms';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    dataSource: DataSource,
    demo: DemoPlatforms | null = null,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, demo),
        DatabaseModule.forRoot(dataSource),
        HealthModule,
        AuditModule,
        IdentityModule,
        OrgModule,
        CatalogModule,
        SchedulerModule,
        SettingsModule,
        AttachmentsModule,
        TicketAccessModule,
        NotifyModule,
        TicketsModule,
        PlatformsModule,
        SurchargesModule,
        PaymentsModule,
        StatsModule,
        WebModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
