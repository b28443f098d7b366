import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { JobScheduler } from './job-scheduler.service';
import { LeaseService } from './lease.service';
import { SchedulerController } from './scheduler.controller';

/**
 * Scheduled work behind lease rows: import it and call `JobScheduler.register` in
 * `onModuleInit`. One JobScheduler per application, shared by every importing module.
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [SchedulerController],
  providers: [LeaseService, JobScheduler],
  exports: [JobScheduler, LeaseService],
})
export class SchedulerModule {}
