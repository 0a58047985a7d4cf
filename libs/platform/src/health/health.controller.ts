import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { describeError, MessagingHealth, type MessagingHealthReport } from '@alpes/messaging';

export const HEALTH_SERVICE_NAME = Symbol('HEALTH_SERVICE_NAME');
const DATABASE_TIMEOUT_MS = 2_000;
const STARTED_AT = Date.now();

export interface HealthReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly service: string;
  readonly timestamp: string;
  readonly uptime_s: number;
  readonly checks: {
    readonly database: { readonly status: 'up' | 'down'; readonly error?: string };
    readonly broker: { readonly status: 'up' | 'down' };
  };
  readonly outbox: MessagingHealthReport['outbox'];
  readonly consumers: MessagingHealthReport['consumers'];
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_SERVICE_NAME) private readonly service: string,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messaging: MessagingHealth,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and dependencies',
    description:
      'Checks the service database (SELECT 1, 2 s timeout) and the Pulsar broker. 200 when both are up, 503 when either is ' +
      'down (events then wait in the outbox). Also reports the outbox backlog and the consumer counters.',
  })
  @ApiOkResponse({ description: 'healthy' })
  @ApiServiceUnavailableResponse({ description: 'database or broker down' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const [database, messaging] = await Promise.all([this.checkDatabase(), this.messaging.check()]);
    const healthy = database.status === 'up' && messaging.broker === 'up';
    res.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: healthy ? 'healthy' : 'unhealthy',
      service: this.service,
      timestamp: new Date().toISOString(),
      uptime_s: Math.round((Date.now() - STARTED_AT) / 1000),
      checks: { database, broker: { status: messaging.broker } },
      outbox: messaging.outbox,
      consumers: messaging.consumers,
    };
  }

  private async checkDatabase(): Promise<{ status: 'up' | 'down'; error?: string }> {
    if (!this.dataSource.isInitialized) return { status: 'down', error: 'not connected' };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
        }),
      ]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
