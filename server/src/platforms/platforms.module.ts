import { Module } from '@nestjs/common';
import { AuditModule } from '../modules/audit/audit.module';
import { PlatformAppsController } from './platform-apps.controller';
import { PlatformAppsService } from './platform-apps.service';
import { PlatformTokensService } from './platform-tokens.service';

/**
 * The WeChat, WeCom, DingTalk and Baidu apps of each organisation and access to their server
 * APIs: import it for PlatformAppsService (which app, with its secret) and PlatformTokensService.
 */
@Module({
  imports: [AuditModule],
  controllers: [PlatformAppsController],
  providers: [PlatformAppsService, PlatformTokensService],
  exports: [PlatformAppsService, PlatformTokensService],
})
export class PlatformsModule {}
