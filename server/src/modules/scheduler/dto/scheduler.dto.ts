import { ApiProperty } from '@nestjs/swagger';

/**
 * A scheduled job as admins see it. The holder (host names) and the error text stay in the
 * database and the server log: jobs span tenants, so an error may name another tenant's data.
 */
export class ScheduledJobView {
  @ApiProperty({ example: 'tickets.sla-check' }) name!: string;
  @ApiProperty({ nullable: true, example: 60000, description: 'Null when no running process registers it' })
  everyMs!: number | null;
  @ApiProperty({ nullable: true, example: '2026-11-30T08:01:00.000Z' }) leaseUntil!: string | null;
  @ApiProperty({ nullable: true, example: '2026-11-30T08:00:00.000Z' }) lastStartedAt!: string | null;
  @ApiProperty({ nullable: true, example: '2026-11-30T08:00:00.450Z' }) lastFinishedAt!: string | null;
  @ApiProperty({ example: false, description: 'A process is running it now' }) running!: boolean;
  @ApiProperty({ example: false, description: 'The last finished run threw' }) lastRunFailed!: boolean;
  @ApiProperty({ example: 1440, description: 'Runs started, by any process' }) runs!: number;
}
