import { Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken, InjectDataSource } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource, QueryRunner } from 'typeorm';
import { MessagingModule, runInTransaction } from '@alpes/messaging';
import { createServiceApp, DatabaseModule, HealthModule, poolUsage, type ServiceRuntimeOptions } from '../src';
import { prepareTestRuntime, waitFor, type TestRuntime } from '../src/testing';

const POOL_SIZE = 3;
const ACQUIRE_TIMEOUT_MS = 1_500;

@Controller('api/v1/pool')
class PoolController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('lectura')
  async lectura() {
    const [row] = (await this.dataSource.query('SELECT 1 AS uno')) as { uno: number }[];
    return { uno: Number(row.uno) };
  }

  /** The pattern that deadlocked marketing-comisiones: a transaction that reads through the DataSource. */
  @Post('anidada')
  anidada() {
    return runInTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT 1');
      await this.dataSource.query('SELECT 1');
      return { ok: true };
    });
  }

  /** The right way: every read of the transaction on its own manager. */
  @Post('en-transaccion')
  enTransaccion() {
    return runInTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT 1');
      await manager.query('SELECT 2');
      return { ok: true };
    });
  }
}

@Module({})
class PoolTestModule {
  static forRoot(runtime: ServiceRuntimeOptions): DynamicModule {
    return {
      module: PoolTestModule,
      imports: [
        DatabaseModule.forService({ database: 'unused', entities: [], migrations: [], runtime }),
        MessagingModule.forRoot({ app: 'afiliados', resolveTopic: runtime.resolveTopic }),
        HealthModule.forService('afiliados'),
      ],
      controllers: [PoolController],
    };
  }
}

describe('platform: a bounded database pool (real MariaDB + Pulsar)', () => {
  let runtime: TestRuntime;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let held: QueryRunner[] = [];
  /** A listening server: supertest on an unbound server re-binds it per request, which breaks concurrent requests. */
  let server: string;

  /** Takes every connection of the app's pool, the way 20 stuck transactions did. */
  async function holdEveryConnection(): Promise<void> {
    for (let i = 0; i < POOL_SIZE; i++) {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    expect(poolUsage(dataSource)).toMatchObject({ size: POOL_SIZE, busy: POOL_SIZE });
  }

  async function releaseAll(): Promise<void> {
    await Promise.all(held.map((r) => r.release()));
    held = [];
  }

  beforeAll(async () => {
    runtime = await prepareTestRuntime('afiliados', 'pool');
    app = await createServiceApp(
      PoolTestModule.forRoot({
        database: runtime.database,
        resolveTopic: runtime.resolveTopic,
        pulsarHttpUrl: runtime.pulsarHttpUrl,
        settings: { MYSQL_POOL_SIZE: String(POOL_SIZE), MYSQL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) },
      }),
      { app: 'afiliados', defaultPort: 0, title: 'pool test', description: 'test' },
    );
    dataSource = app.get<DataSource>(getDataSourceToken());
    await app.listen(0, '127.0.0.1');
    server = await app.getUrl();
  });
  afterEach(releaseAll);
  afterAll(async () => {
    await app?.close();
  });

  it('/health answers 503 within 2 s while every pool connection is held, and 200 again once they are released', async () => {
    await request(server).get('/health').expect(200);
    await holdEveryConnection();

    const startedAt = Date.now();
    const down = await request(server).get('/health');
    const took = Date.now() - startedAt;
    expect(down.status).toBe(503);
    expect(took).toBeLessThan(2_000);
    expect(down.body).toMatchObject({ status: 'unhealthy', checks: { database: { status: 'down', pool: { size: POOL_SIZE, busy: POOL_SIZE } } } });
    expect(down.body.checks.database.error).toContain('No database connection free');

    await releaseAll();
    const up = await request(server).get('/health').expect(200);
    expect(up.body.checks.database).toMatchObject({ status: 'up' });
  });

  it('a request that gets no connection within MYSQL_ACQUIRE_TIMEOUT_MS is answered 503 BD.NO_DISPONIBLE with Retry-After; the pool serves again afterwards', async () => {
    await holdEveryConnection();
    const startedAt = Date.now();
    const res = await request(server).get('/api/v1/pool/lectura');
    const took = Date.now() - startedAt;
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'BD.NO_DISPONIBLE' });
    expect(took).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);

    await releaseAll();
    // Waiters that gave up got their connection later and handed it straight back: nothing stays lent out.
    await waitFor(() => poolUsage(dataSource)?.busy === 0 && poolUsage(dataSource)?.waiting === 0, 10_000, 'pool idle again');
    expect((await request(server).get('/api/v1/pool/lectura').expect(200)).body).toEqual({ uno: 1 });
  });

  it('more concurrent transactions than connections all complete when each reads through its own manager', async () => {
    const replies = await Promise.all(Array.from({ length: POOL_SIZE * 4 }, () => request(server).post('/api/v1/pool/en-transaccion')));
    expect(replies.map((r) => r.status)).toEqual(Array(POOL_SIZE * 4).fill(201));
  });

  it('a transaction that asks the pool for a second connection fails at once under test (it deadlocks the pool under load)', async () => {
    const res = await request(server).post('/api/v1/pool/anidada');
    expect(res.status).toBe(500);
    await request(server).get('/health').expect(200);
  });
});
