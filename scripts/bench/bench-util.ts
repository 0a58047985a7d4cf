/**
 * Small helpers shared by the messaging benchmark scripts (scripts/bench_messaging.sh). Benchmark code only: it
 * measures, it never asserts on timings.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * Wall-clock time in epoch milliseconds with sub-millisecond resolution. `performance.timeOrigin` is an epoch
 * timestamp, so values taken in two processes of the same machine are comparable (within well under a millisecond),
 * which is what the cross-process end-to-end latency needs.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly min: number;
}

/** Percentiles (nearest-rank) of the first `count` values of `values`, in milliseconds. */
export function summarize(values: Float64Array, count = values.length): LatencySummary {
  if (count === 0) return { count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, p999: NaN, max: NaN, min: NaN };
  const sorted = values.slice(0, count).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  const at = (p: number): number => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))];
  return {
    count,
    mean: round(sum / count, 3),
    p50: round(at(50), 3),
    p95: round(at(95), 3),
    p99: round(at(99), 3),
    p999: round(at(99.9), 3),
    max: round(sorted[count - 1], 3),
    min: round(sorted[0], 3),
  };
}

/** 1-, 5- and 15-minute load averages (all CPUs), to tell quiet runs from noisy ones. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = loadavg();
  return [round(a, 2), round(b, 2), round(c, 2)];
}

export function cpuCount(): number {
  return cpus().length;
}

/** Share of one core this process used between two `process.cpuUsage()` readings over `wallMs`. */
export function cpuPercent(delta: NodeJS.CpuUsage, wallMs: number): number {
  return wallMs > 0 ? round(((delta.user + delta.system) / 1000 / wallMs) * 100, 1) : NaN;
}

/** Machine-wide busy share of all CPUs between two /proc/stat readings (Linux only; NaN elsewhere). */
export function procStat(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export function machineBusyPercent(
  start: { busy: number; total: number } | undefined,
  end: { busy: number; total: number } | undefined,
): number {
  if (!start || !end || end.total <= start.total) return NaN;
  return round(((end.busy - start.busy) / (end.total - start.total)) * 100, 1);
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `--name value` / `--name=value` command-line options. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[arg.slice(2)] = argv[++i];
    else out[arg.slice(2)] = 'true';
  }
  return out;
}

export function intArg(args: Record<string, string>, name: string, fallback: number): number {
  const raw = args[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got "${raw}")`);
  return Math.floor(n);
}

/** Progress lines go to stderr so stdout stays free for the library's own (pino) logs. */
export function progress(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`${t}       ${message}\n`);
}
