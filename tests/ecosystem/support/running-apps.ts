import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AppName } from '@alpes/contracts';
import { prepareTestRuntime, recreateTestDatabase, waitFor } from '@alpes/platform/testing';

const ROOT = join(__dirname, '..', '..', '..');
const LOG_DIR = join(ROOT, '.alpes', 'logs');

/** How a stopped app's process ended, and how long after the SIGTERM. */
export interface AppExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly afterMs: number;
  /** True when the process was still running 20 s after the SIGTERM and had to be killed. */
  readonly killed: boolean;
}

export interface RunningApp {
  readonly app: AppName;
  readonly url: string;
  readonly log: string;
  /** The app's own database (to look at or lock rows from a test). */
  readonly database: string;
  /** SIGTERM, then SIGKILL if it has not exited 20 s later. */
  stop(): Promise<AppExit>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built apps (`dist/apps/<app>/main.js`, built by the `build` targets this project's `integration`
 * depends on) as child processes, each with its own fresh database `alpes_test_eco_<app>` and all of them on the
 * same per-run topics, and waits for each /health to answer 200.
 */
export async function startApps(apps: AppName[], settings: Record<string, string> = {}): Promise<{ apps: Record<string, RunningApp>; stopAll: () => Promise<void> }> {
  mkdirSync(LOG_DIR, { recursive: true });
  const runtime = await prepareTestRuntime(apps[0], 'eco');
  const prefix = runtime.resolveTopic('afiliados.eventos').replace(/afiliados\.eventos$/, '');
  const started: Record<string, RunningApp> = {};
  const stopAll = async () => {
    await Promise.all(Object.values(started).map((a) => a.stop()));
  };
  try {
    for (const app of apps) {
      const main = join(ROOT, 'dist', 'apps', app, 'main.js');
      if (!existsSync(main)) throw new Error(`${main} not found: build it first (npx nx build ${app})`);
      // ALPES_TEST_DB_TAG keeps the databases of test runs from several work trees on one server apart.
      const tag = process.env['ALPES_TEST_DB_TAG'] ? `${process.env['ALPES_TEST_DB_TAG'].replace(/[^A-Za-z0-9_]/g, '_')}_` : '';
      const database = `alpes_test_eco_${tag}${app.replace(/-/g, '_')}`.slice(0, 64);
      await recreateTestDatabase(database);
      const port = await freePort();
      const log = join(LOG_DIR, `test-ecosystem-${app}.log`);
      const out = createWriteStream(log, { flags: 'w' });
      const child: ChildProcess = spawn(process.execPath, [main], {
        cwd: ROOT,
        env: {
          ...process.env,
          ...settings,
          PORT: String(port),
          HOST: '127.0.0.1',
          MYSQL_DATABASE: database,
          ALPES_TOPIC_PREFIX: prefix,
          LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      let exited: Omit<AppExit, 'afterMs' | 'killed'> | undefined;
      child.once('exit', (code, signal) => (exited = { code, signal }));
      const url = `http://127.0.0.1:${port}`;
      started[app] = {
        app,
        url,
        log,
        database,
        stop: () =>
          new Promise<AppExit>((resolve) => {
            if (exited) return resolve({ ...exited, afterMs: 0, killed: false });
            const startedAt = Date.now();
            let killed = false;
            const timer = setTimeout(() => {
              killed = true;
              child.kill('SIGKILL');
            }, 20_000);
            child.once('exit', (code, signal) => {
              clearTimeout(timer);
              resolve({ code, signal, afterMs: Date.now() - startedAt, killed });
            });
            child.kill('SIGTERM');
          }),
      };
      await waitFor(
        async () => {
          if (exited) throw new Error(`${app} exited during start-up; log: ${log}`);
          const res = await fetch(`${url}/health`).catch(() => undefined);
          return res?.status === 200;
        },
        90_000,
        `${app} /health (log: ${log})`,
      );
    }
    return { apps: started, stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export interface JsonReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function http(method: string, url: string, body?: unknown): Promise<JsonReply> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed };
}

/** Repeats `fn` until its status is one of `want` (other services learn through events, so it takes a moment). */
export async function eventually(what: string, fn: () => Promise<JsonReply>, want: number[], timeoutMs = 90_000): Promise<JsonReply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await fn();
    if (want.includes(last.status)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${last.status} ${JSON.stringify(last.body).slice(0, 300)} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
