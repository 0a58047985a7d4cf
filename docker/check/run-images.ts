/**
 * Runs the images that `docker_check.py emulate` produced the way a container engine would, against this machine's
 * MySQL/MariaDB and Pulsar, and checks what docker-compose.yml relies on (scripts/check_docker.sh calls it):
 *
 * - app images: the runtime tree holds every production dependency and no development one; CMD started in WORKDIR
 *   with only the image ENV + the service's docker-compose environment (a clean environment, not this shell's), as
 *   an unprivileged user that cannot write to the tree; the image HEALTHCHECK command itself turns healthy; /docs-json
 *   answers; monitoreo's /dashboard and every asset it references answer 200; SIGTERM (`docker stop`) ends the
 *   process within the compose stop_grace_period.
 * - the tools image: its CMD runs the topic set-up; with `--check` it only reads the broker (nothing is created on
 *   the shared broker) and must get as far as its summary.
 *
 * Isolation: each app gets its own throw-away database and all of them per-run topics (ALPES_TOPIC_PREFIX), as the
 * cross-service tests do, so nothing touches the catalog topics or databases of a running ecosystem.
 *
 *   TS_NODE_PROJECT=tsconfig.scripts.json node -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *     docker/check/run-images.ts OUT_DIR COMPOSE_CONFIG.yml NAME...
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { AppName } from '@alpes/contracts';
import { mysqlSettingsFromEnv } from '@alpes/platform';
import { prepareTestRuntime, recreateTestDatabase, sleep, waitFor } from '@alpes/platform/testing';

interface ImageMeta {
  name: string;
  target: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string;
  cmd: string[] | string;
  healthcheck: { test: string[] | null; interval?: string; timeout?: string; 'start-period'?: string; retries?: string } | null;
  expose: string[];
}

// nobody:nogroup stands in for the image's `node` user; dropping to it needs root (else the current user runs it).
const IS_ROOT = process.getuid?.() === 0;
const UNPRIVILEGED: { uid?: number; gid?: number } = IS_ROOT ? { uid: 65534, gid: 65534 } : {};
const STOP_GRACE_MS = 30_000; // docker-compose.yml stop_grace_period of the apps
const HEALTHY_WITHIN_MS = 120_000;

let failures = 0;
const fail = (msg: string) => {
  failures += 1;
  console.log(`  FAIL  ${msg}`);
};
const ok = (msg: string) => console.log(`  ok    ${msg}`);

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

/** `environment:` of a service in `docker-compose config` output (null = pass-through of an unset variable: dropped). */
function composeEnvironment(configPath: string, service: string): Record<string, string> {
  // The YAML is read by PyYAML (installed with docker-compose) to keep this free of extra npm dependencies.
  const res = spawnSync(
    process.env['ALPES_CHECK_PYTHON'] || 'python3',
    ['-c', 'import json,sys,yaml; c=yaml.safe_load(open(sys.argv[1])); print(json.dumps((c["services"][sys.argv[2]].get("environment") or {})))', configPath, service],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`cannot read the environment of ${service} from ${configPath}: ${res.stderr}`);
  const env = JSON.parse(res.stdout) as Record<string, string | null>;
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== null).map(([k, v]) => [k, String(v)]));
}

function checkDependencies(meta: ImageMeta): void {
  const appDir = join(meta.root, meta.workdir);
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const present = (name: string) => existsSync(join(appDir, 'node_modules', name, 'package.json'));
  const missing = Object.keys(pkg.dependencies ?? {}).filter((d) => !present(d));
  // A devDependency may legitimately stay when an installed production package requires it (e.g. mysql2 declares
  // @types/node as a non-optional peer, which npm installs); anything else is development-only and must be gone.
  const required = requiredByInstalled(join(appDir, 'node_modules'));
  const devPresent = Object.keys(pkg.devDependencies ?? {}).filter((d) => !(d in (pkg.dependencies ?? {})) && present(d));
  const dev = devPresent.filter((d) => !required.has(d));
  if (missing.length) fail(`${meta.name}: production dependencies missing from the image: ${missing.join(', ')}`);
  if (dev.length) fail(`${meta.name}: development-only dependencies in the runtime image: ${dev.join(', ')}`);
  if (!missing.length && !dev.length) {
    const count = readdirSync(join(appDir, 'node_modules')).filter((d) => !d.startsWith('.')).length;
    const kept = devPresent.length ? `; kept as required by production packages: ${devPresent.join(', ')}` : '';
    ok(`${meta.name}: node_modules has every production dependency and no development-only one (${count} top-level entries${kept})`);
  }
  if (!existsSync(join(appDir, 'main.js'))) fail(`${meta.name}: no main.js in ${meta.workdir}`);
}

/** Names that installed packages depend on or take as non-optional peers. */
function requiredByInstalled(nodeModules: string): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        visit(join(dir, entry));
        continue;
      }
      const manifest = join(dir, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const p = JSON.parse(readFileSync(manifest, 'utf8')) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      };
      Object.keys(p.dependencies ?? {}).forEach((n) => names.add(n));
      Object.keys(p.peerDependencies ?? {}).filter((n) => !p.peerDependenciesMeta?.[n]?.optional).forEach((n) => names.add(n));
      if (existsSync(join(dir, entry, 'node_modules'))) visit(join(dir, entry, 'node_modules'));
    }
  };
  visit(nodeModules);
  return names;
}

/** Runs the image's HEALTHCHECK command the way the engine does (exec form, container environment). */
function healthcheck(meta: ImageMeta, env: NodeJS.ProcessEnv, cwd: string): boolean {
  const test = meta.healthcheck?.test;
  if (!test || test.length < 2) return false;
  const argv = test[0] === 'CMD-SHELL' ? ['sh', '-c', test[1]] : test.slice(1);
  const res = spawnSync(argv[0], argv.slice(1), { cwd, env, ...UNPRIVILEGED, timeout: 5_000, stdio: 'ignore' });
  return res.status === 0;
}

async function httpStatus(url: string): Promise<{ status: number; body: string; type: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
  } catch (e) {
    return { status: 0, body: (e as Error).message, type: '' };
  }
}

async function checkDashboard(meta: ImageMeta, base: string): Promise<void> {
  const page = await httpStatus(`${base}/dashboard`);
  if (page.status !== 200 || !page.type.includes('text/html')) {
    fail(`${meta.name}: GET /dashboard → ${page.status} ${page.type} (expected the HTML page)`);
    return;
  }
  const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => u.startsWith('/') || !/^[a-z]+:/i.test(u));
  const urls = [...new Set(refs.map((u) => new URL(u, `${base}/dashboard/`).toString()))].filter((u) => u.startsWith(base));
  const bad: string[] = [];
  for (const u of urls) {
    const r = await httpStatus(u);
    if (r.status !== 200) bad.push(`${u.slice(base.length)} → ${r.status}`);
  }
  if (bad.length) fail(`${meta.name}: dashboard assets not served from the image: ${bad.join(', ')}`);
  else ok(`${meta.name}: /dashboard and its ${urls.length} referenced assets answer 200 (${urls.map((u) => u.slice(base.length)).join(', ') || 'none'})`);
  if (!urls.some((u) => /chart/i.test(u))) fail(`${meta.name}: the dashboard references no chart library asset`);
}

async function runApp(meta: ImageMeta, composeEnv: Record<string, string>, prefix: string, logDir: string): Promise<void> {
  checkDependencies(meta);
  const app = meta.name;
  const database = `alpes_test_docker_${app.replace(/-/g, '_')}`;
  await recreateTestDatabase(database);
  const port = await freePort();
  const local = mysqlSettingsFromEnv();
  const cwd = join(meta.root, meta.workdir);
  // Container environment: image ENV, then the compose environment, then what differs on this machine (no compose
  // network: the local MySQL and broker; a free port; a throw-away database; per-run topics).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: '/nonexistent',
    ...meta.env,
    ...composeEnv,
    PORT: String(port),
    HOST: '127.0.0.1',
    MYSQL_HOST: local.host,
    MYSQL_PORT: String(local.port),
    MYSQL_USER: local.username,
    MYSQL_PASSWORD: local.password,
    MYSQL_DATABASE: database,
    PULSAR_HTTP_URL: process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080',
    ALPES_TOPIC_PREFIX: prefix,
  };
  if (env['MONITOREO_SERVICIOS']) env['MONITOREO_SERVICIOS'] = `${app}=http://127.0.0.1:${port}`;
  const cmd = Array.isArray(meta.cmd) ? meta.cmd : ['sh', '-c', meta.cmd];
  const log = join(logDir, `run-${app}.log`);
  const out = createWriteStream(log, { flags: 'w' });
  const started = Date.now();
  const child: ChildProcess = spawn(cmd[0], cmd.slice(1), { cwd, env, ...UNPRIVILEGED, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  // A holder, not a `let`: the exit arrives in a callback, which flow analysis does not see.
  const state: { exit?: { code: number | null; signal: NodeJS.Signals | null } } = {};
  child.once('exit', (code, signal) => (state.exit = { code, signal }));
  const exitOf = () => state.exit;
  const base = `http://127.0.0.1:${port}`;
  try {
    if (IS_ROOT) {
      const writable = spawnSync('sh', ['-c', 'touch .write-probe 2>/dev/null && rm -f .write-probe'], { cwd, ...UNPRIVILEGED });
      if (writable.status === 0) fail(`${app}: the app user can write to its own tree (${meta.workdir})`);
    }
    // Probed every second (the engine every `interval`); each probe is a node process, so no tighter loop.
    for (;;) {
      const exit = exitOf();
      if (exit) throw new Error(`${app} exited during start-up (code ${exit.code}, signal ${exit.signal}); log: ${log}`);
      if (healthcheck(meta, env, cwd)) break;
      if (Date.now() - started > HEALTHY_WITHIN_MS) throw new Error(`${app}: HEALTHCHECK still failing after ${HEALTHY_WITHIN_MS / 1000} s; log: ${log}`);
      await sleep(1_000);
    }
    ok(`${app}: started by its CMD as uid ${UNPRIVILEGED.uid ?? process.getuid?.()}${IS_ROOT ? ' from a tree it cannot write' : ''}; HEALTHCHECK passed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const docs = await httpStatus(`${base}/docs-json`);
    if (docs.status === 200 && docs.body.includes('"openapi"')) ok(`${app}: /docs-json answers the OpenAPI document`);
    else fail(`${app}: /docs-json → ${docs.status}`);
    if (app === 'monitoreo') await checkDashboard(meta, base);
  } catch (e) {
    fail((e as Error).message);
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n    | ') : '';
    if (tail) console.log(`    | ${tail}`);
  } finally {
    const stopAt = Date.now();
    if (!state.exit) {
      child.kill('SIGTERM');
      const stopped = await waitFor(() => Boolean(state.exit), STOP_GRACE_MS, `${app} to stop`).catch(() => false);
      const exit = exitOf();
      if (!stopped) {
        child.kill('SIGKILL');
        fail(`${app}: still running ${STOP_GRACE_MS / 1000} s after SIGTERM (docker stop would kill it)`);
      } else if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') {
        fail(`${app}: SIGTERM ended it with code ${exit.code} (log: ${log})`);
      } else {
        // Nest re-raises the signal once its shutdown hooks ran, so the exit status alone cannot tell a drained stop
        // from an abrupt one: the messaging layer's own stop record can.
        await new Promise<void>((resolve) => (out.writableFinished ? resolve() : out.once('finish', () => resolve())));
        const drained = readFileSync(log, 'utf8').includes('"event":"messaging.stopped"');
        if (drained) ok(`${app}: SIGTERM drained and stopped it in ${((Date.now() - stopAt) / 1000).toFixed(1)} s (messaging.stopped logged)`);
        else fail(`${app}: SIGTERM stopped it without the shutdown hooks running (no messaging.stopped in ${log})`);
      }
    }
    await dropDatabase(database);
  }
}

async function dropDatabase(database: string): Promise<void> {
  const s = mysqlSettingsFromEnv();
  const c = await createConnection({ host: s.host, port: s.port, user: s.username, password: s.password });
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await c.end();
  }
}

function runTools(meta: ImageMeta): void {
  const cmd = Array.isArray(meta.cmd) ? meta.cmd : ['sh', '-c', meta.cmd];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: '/nonexistent',
    ...meta.env,
    PULSAR_HTTP_URL: process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080',
    ALPES_SETUP_WAIT_SECONDS: '30',
  };
  const res = spawnSync(cmd[0], [...cmd.slice(1), '--check'], { cwd: join(meta.root, meta.workdir), env, ...UNPRIVILEGED, encoding: 'utf8', timeout: 180_000 });
  const output = `${res.stdout}${res.stderr}`;
  const summary = output.split('\n').find((l) => l.startsWith('Summary:'));
  if (summary && (res.status === 0 || res.status === 1)) {
    ok(`${meta.name}: CMD runs the topic set-up (--check, read-only; exit ${res.status}: ${res.status === 0 ? 'catalog complete on this broker' : 'this broker lacks some catalog topics'}) — ${summary}`);
  } else {
    fail(`${meta.name}: the set-up CMD did not run (exit ${res.status}):\n${output.split('\n').slice(-15).join('\n')}`);
  }
}

async function main(): Promise<void> {
  const [outDir, composeConfig, ...names] = process.argv.slice(2);
  if (!outDir || !composeConfig || names.length === 0) throw new Error('usage: run-images.ts OUT_DIR COMPOSE_CONFIG NAME...');
  const metas = names.map((n) => JSON.parse(readFileSync(join(outDir, `${n}.json`), 'utf8')) as ImageMeta);
  const apps = metas.filter((m) => m.target === 'runtime');
  let prefix = '';
  if (apps.length) {
    const runtime = await prepareTestRuntime(apps[0].name as AppName, 'docker');
    await dropDatabase(runtime.database);
    prefix = runtime.resolveTopic('afiliados.eventos').replace(/afiliados\.eventos$/, '');
    console.log(`  per-run topics ${prefix}*`);
  }
  for (const meta of metas) {
    if (meta.target === 'tools') runTools(meta);
    else await runApp(meta, composeEnvironment(composeConfig, meta.name), prefix, join(outDir, 'logs'));
  }
  console.log(`${failures} problem(s)`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(`run-images: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
