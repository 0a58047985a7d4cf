import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SAMPLE_PAYLOADS } from '@alpes/contracts';
import { PulsarAdminClient, PulsarWebSocketClient } from '@alpes/messaging';
import { prepareTestRuntime, publishTestEvents, type TestRuntime } from '@alpes/platform/testing';

const ROOT = resolve(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/monitor_pulsar.sh as a user would, on this run's topics, without colours. */
function monitor(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['scripts/monitor_pulsar.sh', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`monitor_pulsar.sh ${args.join(' ')} still running after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** `key  part  in/s  out/s  published  stored unit  backlog` → the numbers of one topic row of the dashboard frame. */
function fila(stdout: string, key: string): { partitions: number; published: number; backlog: number } {
  const line = stdout.split('\n').find((l) => l.startsWith(`${key} `));
  if (!line) throw new Error(`no row for ${key} in:\n${stdout}`);
  const cols = line.trim().split(/\s+/);
  return { partitions: Number(cols[1]), published: Number(cols[4].replace(/,/g, '')), backlog: Number(cols[7].replace(/,/g, '')) };
}

describe('scripts/monitor_pulsar.sh (real broker, per-run topics)', () => {
  let runtime: TestRuntime;
  let env: Record<string, string>;
  const clickId = randomUUID();
  const conversionEventId = randomUUID();

  beforeAll(async () => {
    runtime = await prepareTestRuntime('monitoreo', 'monitor_pulsar');
    env = {
      PULSAR_HTTP_URL: runtime.pulsarHttpUrl,
      ALPES_TOPIC_PREFIX: runtime.resolveTopic('clicks').replace(/clicks$/, ''),
    };
    // A subscription nobody consumes: the one raw click stays in its backlog.
    await new PulsarAdminClient(runtime.pulsarHttpUrl).createSubscription(runtime.resolveTopic('clicks'), 'test.backlog');
    await publishTestEvents(runtime.resolveTopic, [
      { eventType: 'ClickRegistrado', payload: { ...SAMPLE_PAYLOADS.ClickRegistrado, id: clickId }, meta: { aggregate_id: clickId } },
      {
        eventType: 'ConversionValidada',
        payload: SAMPLE_PAYLOADS.ConversionValidada,
        meta: { aggregate_id: SAMPLE_PAYLOADS.ConversionValidada.conversion_id, event_id: conversionEventId, producer: 'conversiones' },
      },
    ]);
    const client = new PulsarWebSocketClient({ httpUrl: runtime.pulsarHttpUrl });
    try {
      await client.producer(runtime.resolveTopic('clicks')).send({ payload: Buffer.from('{"user_id":"u-1","session_id":"s-1","url":"https://x.test/p"}') });
      await client.producer(`${runtime.resolveTopic('sales')}-monitoreo.externos-DLQ`).send({ payload: Buffer.from('{"roto":') });
    } finally {
      await client.close();
    }
  });

  it('dashboard --once prints every topic with partitions, published messages and backlogs, and the DLQ that holds messages', async () => {
    const run = await monitor(['dashboard', '--once', '--no-services'], env);

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('broker OK');
    expect(fila(run.stdout, 'conversiones.eventos')).toEqual({ partitions: 6, published: 2, backlog: 0 });
    expect(fila(run.stdout, 'clicks')).toEqual({ partitions: 1, published: 1, backlog: 1 });
    expect(fila(run.stdout, 'comisiones.eventos')).toEqual({ partitions: 8, published: 0, backlog: 0 });
    expect(run.stdout).toMatch(/└ test\.backlog +None, no consumer +backlog 1 +out 0\.00\/s not in catalog$/m);
    expect(run.stdout).toMatch(/^sales · monitoreo\.externos +1$/m);
    expect(run.stdout).toContain('17 other dead-letter topics are empty');
    expect(run.stdout).toMatch(/^topics 10\/10 · backlog 1 · DLQ 1$/m);
  });

  it('log --from-start --limit 3 prints the decoded envelopes and the raw JSON, one line per message', async () => {
    const run = await monitor(['log', '--topic', 'conversiones.eventos,clicks', '--from-start', '--limit', '3'], env);

    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`conversiones\\.eventos#\\d +ClickRegistrado id=[0-9a-f-]{36} agg=${clickId} producer=test at=\\S+Z .*campana_id=`)),
        expect.stringMatching(
          new RegExp(`conversiones\\.eventos#\\d +ConversionValidada id=${conversionEventId} agg=\\S+ producer=conversiones .*tipo_conversion=venta`),
        ),
        expect.stringMatching(/clicks#0 +json \{"user_id":"u-1","session_id":"s-1","url":"https:\/\/x\.test\/p"\}$/),
      ]),
    );
  });

  it('refuses an unknown topic, naming the catalog topics', async () => {
    const run = await monitor(['log', '--topic', 'clickz'], env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown topic "clickz"; catalog topics: afiliados.eventos, marketing.eventos');
  });

  it('dashboard --once reports a broker that does not answer and exits 1', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as AddressInfo;
    await new Promise((r) => s.close(r));

    const run = await monitor(['dashboard', '--once', '--no-services'], { ...env, PULSAR_HTTP_URL: `http://127.0.0.1:${port}` });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`broker DOWN: Pulsar admin API at http://127.0.0.1:${port} did not answer`);
    expect(run.stdout).toMatch(/^topics 0\/10 · backlog 0 · DLQ 0$/m);
  });
});
