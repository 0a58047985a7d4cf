import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { describeError, MessagingHealth, type MessagingHealthReport } from '@alpes/messaging';
import { pingDatabase, poolUsage, type PoolUsage } from '../database/connection-pool';

export const HEALTH_SERVICE_NAME = Symbol('HEALTH_SERVICE_NAME');
/**
 * The database checks of `/health` (ping, outbox counts) give up after this long, both at once, so an exhausted pool is
 * reported (503) within about a second.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;
/** The broker probe's bound: its health check is a round trip inside the broker, slower than a ping when it is loaded. */
export const HEALTH_BROKER_TIMEOUT_MS = 2_000;
const STARTED_AT = Date.now();

export interface HealthReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly service: string;
  readonly timestamp: string;
  readonly uptime_s: number;
  readonly checks: {
    readonly database: { readonly status: 'up' | 'down'; readonly error?: string; readonly pool?: PoolUsage };
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
      'Checks the service database (SELECT 1 on a pool connection, acquire included, within 1 s: an exhausted pool counts ' +
      'as down) and the Pulsar broker (its health round trip, within 2 s). 200 when both are up, 503 when either is down ' +
      '(events then wait in the outbox). Also reports the pool usage, the outbox backlog and the consumer counters. ' +
      'Answers within about 2 s at most.',
  })
  @ApiOkResponse({ description: 'healthy' })
  @ApiServiceUnavailableResponse({ description: 'database or broker down' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const [database, messaging] = await Promise.all([this.checkDatabase(), this.messaging.check(HEALTH_CHECK_TIMEOUT_MS, HEALTH_BROKER_TIMEOUT_MS)]);
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

  private async checkDatabase(): Promise<{ status: 'up' | 'down'; error?: string; pool?: PoolUsage }> {
    if (!this.dataSource.isInitialized) return { status: 'down', error: 'not connected' };
    try {
      await pingDatabase(this.dataSource, HEALTH_CHECK_TIMEOUT_MS);
      return { status: 'up', ...this.pool() };
    } catch (error) {
      return { status: 'down', error: describeError(error), ...this.pool() };
    }
  }

  private pool(): { pool?: PoolUsage } {
    const usage = poolUsage(this.dataSource);
    return usage ? { pool: usage } : {};
  }
}
