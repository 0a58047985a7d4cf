import { readFileSync } from 'node:fs';
import { createConnection, type Connection } from 'mysql2/promise';
import type { AppName } from '@alpes/contracts';
import { mysqlSettingsFromEnv } from '@alpes/platform';
import { startApps, type RunningApp } from './support/running-apps';

const APPS: AppName[] = ['afiliados', 'conversiones', 'marketing-comisiones', 'tracking-queries', 'monitoreo'];
const SHUTDOWN_TIMEOUT_MS = 3_000;

/**
 * SIGTERM must end every app within SHUTDOWN_TIMEOUT_MS even when its shutdown work is stuck. Stuck here: a test
 * session holds `LOCK TABLES outbox_messages WRITE` in the app's database, so the `ServicioDetenido` notice the app
 * writes while stopping (and any outbox relay round) waits for a table lock that is never released (MySQL's
 * lock_wait_timeout is a year by default). Before the forced exit the process outlived the 20 s grace of the runner.
 */
describe('ecosystem: SIGTERM stops every built app within SHUTDOWN_TIMEOUT_MS, also with its shutdown stuck', () => {
  let apps: Record<string, RunningApp>;
  let stopAll: () => Promise<void>;
  const locks: Connection[] = [];

  beforeAll(async () => {
    ({ apps, stopAll } = await startApps(APPS, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) }));
  });

  afterAll(async () => {
    await Promise.all(locks.map((c) => c.query('UNLOCK TABLES').then(() => c.end()).catch(() => undefined)));
    await stopAll?.();
  });

  it('each app exits (code 1, with a log line saying why) within the grace, although its outbox table stays locked', async () => {
    const settings = mysqlSettingsFromEnv();
    for (const app of APPS) {
      const connection = await createConnection({
        host: settings.host,
        port: settings.port,
        user: settings.username,
        password: settings.password,
        database: apps[app].database,
      });
      locks.push(connection);
      await connection.query('LOCK TABLES outbox_messages WRITE');
    }

    const exits = await Promise.all(APPS.map(async (app) => ({ app, ...(await apps[app].stop()) })));

    for (const exit of exits) {
      const log = readFileSync(apps[exit.app].log, 'utf8');
      expect({ app: exit.app, killed: exit.killed, code: exit.code }).toEqual({ app: exit.app, killed: false, code: 1 });
      // Generous: the bound is the grace plus the time a loaded machine needs to run the timer and exit.
      expect(exit.afterMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 7_000);
      expect(exit.afterMs).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 100);
      expect(log).toContain('"event":"service.shutdown_timeout"');
    }
  });
});
