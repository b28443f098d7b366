import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { ScheduledJobView } from './dto/scheduler.dto';
import { JobScheduler } from './job-scheduler.service';

@ApiTags('scheduler')
@Controller('scheduler')
export class SchedulerController {
  constructor(private readonly scheduler: JobScheduler) {}

  @Get('jobs')
  @RequirePermission('audit.read')
  @ApiOperation({
    summary: 'Scheduled jobs and their last runs',
    description: 'Each job runs at most once per period across all server processes.',
  })
  @ApiOkResponse({ type: [ScheduledJobView] })
  @ApiErrors()
  list(): Promise<ScheduledJobView[]> {
    return this.scheduler.list();
  }
}
