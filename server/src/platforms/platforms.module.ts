import { Module } from '@nestjs/common';
import { PlatformTokensService } from './platform-tokens.service';

/** Access to the WeChat, WeCom, DingTalk and Baidu server APIs: import it for PlatformTokensService. */
@Module({
  providers: [PlatformTokensService],
  exports: [PlatformTokensService],
})
export class PlatformsModule {}
