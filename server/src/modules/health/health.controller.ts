import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/auth.decorators';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorBodyView } from '../../common/http/api-docs';

export class HealthView {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: 'up' }) database!: 'up';
  @ApiProperty({ example: 'sqlite', enum: ['sqlite', 'mysql', 'mariadb'] }) databaseKind!: string;
  @ApiProperty({ example: 3 }) databaseLatencyMs!: number;
  @ApiProperty({ example: 3600 }) uptimeSeconds!: number;
}

const PROBE_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and database check for load balancers',
    description: '503 SERVICE_UNAVAILABLE when the database does not answer.',
  })
  @ApiOkResponse({ type: HealthView })
  @ApiResponse({ status: 503, type: ErrorBodyView })
  async check(): Promise<HealthView> {
    const started = Date.now();
    try {
      if (!this.dataSource.isInitialized) throw new Error('not connected');
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
    } catch {
      throw new DomainException('SERVICE_UNAVAILABLE', 'The database does not answer', { database: 'down' });
    }
    return {
      status: 'ok',
      database: 'up',
      databaseKind:
        this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : this.dataSource.options.type,
      databaseLatencyMs: Date.now() - started,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
