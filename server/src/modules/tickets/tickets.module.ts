import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { NotifyModule } from '../notify/notify.module';
import { SettingsModule } from '../settings/settings.module';
import { DispatchService } from './dispatch.service';
import { EngineerLoads } from './engineer-loads';
import { TicketJournal } from './ticket-journal';
import { TicketNotifications } from './ticket-notifications';
import { TicketNumbers } from './ticket-numbers';
import { ReportBatches } from './report-batches';
import { TicketQueries } from './ticket-queries.service';
import { TicketTimeLimitsJob } from './ticket-time-limits.job';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** Tickets (F1, F2): reporting, the lifecycle, dispatch, lists, time limits. */
@Module({
  imports: [SettingsModule, AttachmentsModule, SchedulerModule, NotifyModule],
  controllers: [TicketsController],
  providers: [
    TicketsService,
    TicketQueries,
    TicketJournal,
    TicketNumbers,
    ReportBatches,
    DispatchService,
    EngineerLoads,
    TicketTimeLimitsJob,
    TicketNotifications,
  ],
  exports: [TicketsService, TicketJournal],
})
export class TicketsModule {}
