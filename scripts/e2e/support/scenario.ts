/**
 * Scenarios and their checks, as the end-to-end report records them: every check has a name, what was expected and
 * what was seen; a scenario passes when all its checks passed and it ran to the end.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe as describeReply, sleep, type Reply } from './http';

export interface CheckRecord {
  readonly name: string;
  readonly passed: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
  /** How long an eventual check waited until it held (or gave up). */
  readonly waited_ms?: number;
  readonly note?: string;
}

export interface ScenarioRecord {
  readonly name: string;
  readonly description: string;
  status: 'passed' | 'failed' | 'skipped';
  started_at: string;
  duration_ms: number;
  checks: CheckRecord[];
  error?: string;
  skip_reason?: string;
  /** Ids the scenario created, so a failure can be investigated. */
  data?: Record<string, unknown>;
}

/** Thrown to stop a scenario whose next steps cannot run; the failed check is already recorded. */
export class ScenarioAborted extends Error {}

/** Thrown to mark the scenario skipped (with the reason). */
export class ScenarioSkipped extends Error {}

/**
 * The part of `actual` that `expected` talks about: for objects only the keys of `expected` (recursively), arrays
 * element by element. Comparing this with `expected` is a "toMatchObject" that also tells what was seen.
 */
export function shapeLike(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual;
    return actual.map((a, i) => (i < expected.length ? shapeLike(expected[i], a) : a));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return actual;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) {
      out[key] = shapeLike((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]);
    }
    return out;
  }
  return actual;
}

export function matches(expected: unknown, actual: unknown): boolean {
  return isDeepStrictEqual(expected, shapeLike(expected, actual));
}

export interface EventuallyOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /**
   * For exactly-once checks: after the first match, wait this long and read again; the check passes only if the second
   * reading still matches. A duplicate (a second commission, an event counted twice) arrives after the original, so
   * stopping at the first equal reading cannot see it.
   */
  readonly quietMs?: number;
}

/** The quiet period of exactly-once checks: E2E_EXACTLY_ONCE_QUIET_S (default 5 s). */
export const EXACTLY_ONCE_QUIET_MS = (() => {
  const seconds = Number(process.env['E2E_EXACTLY_ONCE_QUIET_S']);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 5) * 1000;
})();

export class ScenarioContext {
  constructor(readonly record: ScenarioRecord) {}

  private add(check: CheckRecord): boolean {
    this.record.checks.push(check);
    if (!check.passed) {
      process.stderr.write(`      ✗ ${check.name}\n        expected ${short(check.expected)}\n        actual   ${short(check.actual)}\n`);
    }
    return check.passed;
  }

  /** `actual` has the shape and values of `expected` (extra fields of `actual` are ignored). */
  check(name: string, expected: unknown, actual: unknown, note?: string): boolean {
    const seen = shapeLike(expected, actual);
    return this.add({ name, passed: isDeepStrictEqual(expected, seen), expected, actual: seen, ...(note ? { note } : {}) });
  }

  /** A check whose outcome the caller decided (e.g. "at least one"). */
  assert(name: string, passed: boolean, expected: unknown, actual: unknown, note?: string): boolean {
    return this.add({ name, passed, expected, actual, ...(note ? { note } : {}) });
  }

  /** Like `check`, but a failure stops the scenario (the following steps depend on it). */
  require(name: string, expected: unknown, actual: unknown): void {
    if (!this.check(name, expected, actual)) throw new ScenarioAborted(`required check failed: ${name}`);
  }

  /** The reply's status is one of `statuses`; otherwise the scenario stops. Returns the reply. */
  status(name: string, reply: Reply, statuses: number[]): Reply {
    const passed = statuses.includes(reply.status);
    this.add({
      name,
      passed,
      expected: statuses.length === 1 ? `HTTP ${statuses[0]}` : `HTTP ${statuses.join('|')}`,
      actual: passed ? `HTTP ${reply.status}` : describeReply(reply),
    });
    if (!passed) throw new ScenarioAborted(`${name}: ${describeReply(reply)}`);
    return reply;
  }

  /**
   * Polls `probe` until its value matches `expected` (shape and values, see `check`) and records ONE check with the
   * last value seen and how long it took. With `quietMs`, the value must still match one quiet period after the first
   * match (see `EventuallyOptions`). Returns the last value. A failure does not stop the scenario.
   */
  async eventually<T>(name: string, probe: () => Promise<T>, expected: unknown, options: EventuallyOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 90_000;
    const started = Date.now();
    let last: T | undefined;
    let lastError: unknown;
    let lastProgress = started;
    for (;;) {
      try {
        last = await probe();
        lastError = undefined;
        if (matches(expected, last)) {
          const matchedMs = Date.now() - started;
          if (options.quietMs === undefined) {
            this.add({ name, passed: true, expected, actual: shapeLike(expected, last), waited_ms: matchedMs });
            return last;
          }
          return this.stillMatching(name, probe, expected, last, matchedMs, options.quietMs, options.intervalMs ?? 500);
        }
      } catch (error) {
        lastError = error;
      }
      if (Date.now() - started > timeoutMs) {
        this.add({
          name,
          passed: false,
          expected,
          actual: lastError ? `error: ${String(lastError)}` : shapeLike(expected, last),
          waited_ms: Date.now() - started,
          note: `still different after ${Math.round(timeoutMs / 1000)} s`,
        });
        // Never undefined here unless every probe threw; callers then read the failed check, not this value.
        return last as T;
      }
      if (Date.now() - lastProgress > 15_000) {
        lastProgress = Date.now();
        progress(`    still waiting (${Math.round((Date.now() - started) / 1000)} s of at most ${Math.round(timeoutMs / 1000)} s): ${name}`);
      }
      await sleep(options.intervalMs ?? 500);
    }
  }

  /**
   * The second reading of an exactly-once check, `quietMs` after its first match. A probe that throws (a service
   * briefly not answering) is not a reading: it is retried for up to one more quiet period.
   */
  private async stillMatching<T>(
    name: string,
    probe: () => Promise<T>,
    expected: unknown,
    first: T,
    matchedMs: number,
    quietMs: number,
    intervalMs: number,
  ): Promise<T> {
    const started = Date.now() - matchedMs;
    await sleep(quietMs);
    const deadline = Date.now() + Math.max(quietMs, 5_000);
    let again: T | undefined;
    let error: unknown;
    for (;;) {
      try {
        again = await probe();
        error = undefined;
        break;
      } catch (e) {
        error = e;
        if (Date.now() > deadline) break;
        await sleep(intervalMs);
      }
    }
    const quiet = `matched after ${(matchedMs / 1000).toFixed(1)} s, read again ${(quietMs / 1000).toFixed(1)} s later`;
    if (error !== undefined || again === undefined) {
      this.add({ name, passed: false, expected, actual: `error: ${String(error)}`, waited_ms: Date.now() - started, note: `${quiet}: the second reading failed` });
      return first;
    }
    const passed = matches(expected, again);
    this.add({
      name,
      passed,
      expected,
      actual: shapeLike(expected, again),
      waited_ms: Date.now() - started,
      note: passed ? `${quiet}: unchanged` : `${quiet}: changed (first reading ${short(shapeLike(expected, first))})`,
    });
    return again;
  }

  /** `eventually`, but a failure stops the scenario. */
  async eventuallyRequired<T>(name: string, probe: () => Promise<T>, expected: unknown, options: EventuallyOptions = {}): Promise<T> {
    const before = this.record.checks.length;
    const value = await this.eventually(name, probe, expected, options);
    if (!this.record.checks[before]?.passed) throw new ScenarioAborted(`required check failed: ${name}`);
    return value;
  }

  /** Remember ids for the report. */
  note(key: string, value: unknown): void {
    this.record.data = { ...(this.record.data ?? {}), [key]: value };
  }

  skip(reason: string): never {
    throw new ScenarioSkipped(reason);
  }
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? String(value)).slice(0, 600);
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export async function runScenario(scenario: Scenario): Promise<ScenarioRecord> {
  const record: ScenarioRecord = {
    name: scenario.name,
    description: scenario.description,
    status: 'passed',
    started_at: new Date().toISOString(),
    duration_ms: 0,
    checks: [],
  };
  const started = Date.now();
  progress(`scenario: ${scenario.name}`);
  try {
    await scenario.run(new ScenarioContext(record));
  } catch (error) {
    if (error instanceof ScenarioSkipped) {
      record.status = 'skipped';
      record.skip_reason = error.message;
    } else {
      record.status = 'failed';
      record.error = error instanceof Error ? error.message : String(error);
      if (!(error instanceof ScenarioAborted) && error instanceof Error && error.stack) {
        process.stderr.write(`${error.stack}\n`);
      }
    }
  }
  if (record.status !== 'skipped' && record.checks.some((c) => !c.passed)) record.status = 'failed';
  record.duration_ms = Date.now() - started;
  const failed = record.checks.filter((c) => !c.passed).length;
  const summary = `${record.checks.length} checks${failed ? `, ${failed} failed` : ''}, ${(record.duration_ms / 1000).toFixed(1)} s`;
  if (record.status === 'passed') progress(`  ok      ${scenario.name} (${summary})`);
  else if (record.status === 'skipped') progress(`  skipped ${scenario.name}: ${record.skip_reason}`);
  else progress(`  FAILED  ${scenario.name} (${summary})${record.error ? `: ${record.error}` : ''}`);
  return record;
}

/** Progress lines on stderr, in the style of scripts/lib/common.sh. */
export function progress(message: string): void {
  const t = new Date().toTimeString().slice(0, 8);
  process.stderr.write(`${t}       ${message}\n`);
}
