import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BarredReportersController } from './barred-reporters.controller';
import { BarredReportersService } from './barred-reporters.service';
import { SensitiveWordsController } from './sensitive-words.controller';
import { SensitiveWordsService } from './sensitive-words.service';
import { ReportFormController, SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/**
 * Per-community configuration of the ticket workflow: form, time limits, auto-actions, dispatch
 * limits (F1.7, F2.9), sensitive words (F1.5) and reporter bans (F1.6). Other modules read it
 * through SettingsService.
 */
@Module({
  imports: [AuditModule],
  controllers: [
    SettingsController,
    ReportFormController,
    SensitiveWordsController,
    BarredReportersController,
  ],
  providers: [SettingsService, SensitiveWordsService, BarredReportersService],
  exports: [SettingsService],
})
export class SettingsModule {}
