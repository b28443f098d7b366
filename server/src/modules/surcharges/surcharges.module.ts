import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { SettingsModule } from '../settings/settings.module';
import { TicketsModule } from '../tickets/tickets.module';
import { SurchargesController } from './surcharges.controller';
import { SurchargesService } from './surcharges.service';

/** Surcharges (F2.7): request, approval chain, the resident's agreement, payment and refunds. */
@Module({
  imports: [TicketsModule, SettingsModule, AttachmentsModule],
  controllers: [SurchargesController],
  providers: [SurchargesService],
  exports: [SurchargesService],
})
export class SurchargesModule {}
