/**
 * The end-to-end suite (started by scripts/run_e2e_tests.sh): scenarios over HTTP against the running services, then
 * the fault drill; writes the report (E2E_REPORT) and exits 1 when any scenario or drill verification failed.
 *
 * Environment: AFILIADOS_URL … MONITOREO_URL (see support/api.ts), E2E_REPORT, E2E_MODE (running|isolated),
 * E2E_FAULT_DRILL (1|0), E2E_SCENARIOS (comma-separated names; empty = all), E2E_TEST_DATA (test_data_ids.json to
 * verify), E2E_CONTROL (scripts/e2e/control.sh), E2E_MONITOREO_DRAIN_TIMEOUT_S (600), E2E_APP_LOGS (where the apps log,
 * named in the report).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RUN_ID, URLS } from './support/api';
import { closeHttp, get } from './support/http';
import { progress, runScenario, type Scenario, type ScenarioRecord } from './support/scenario';
import { SCENARIOS } from './scenarios';
import { takeMetricsBaseline } from './scenarios/monitoreo-metrics';
import { runFaultDrill, type FaultDrillReport } from './fault-drill';

const ROOT = join(__dirname, '..', '..');
const REPORT = process.env['E2E_REPORT'] || join(ROOT, '.alpes', 'reports', 'e2e_test_report.json');

async function main(): Promise<number> {
  const started = Date.now();
  const wanted = (process.env['E2E_SCENARIOS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => w !== 'fault-drill' && !SCENARIOS.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}, fault-drill`);
  const selected: Scenario[] = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : [...SCENARIOS];
  const drillWanted = process.env['E2E_FAULT_DRILL'] !== '0' && (wanted.length === 0 || wanted.includes('fault-drill'));

  progress(`end-to-end run ${RUN_ID} (${process.env['E2E_MODE'] ?? 'running'}): ${selected.length} scenarios${drillWanted ? ' + fault drill' : ''}`);
  const health: Record<string, number> = {};
  for (const [name, url] of Object.entries(URLS)) health[name] = (await get(`${url}/health`, { timeoutMs: 10_000 })).status;
  progress(`health: ${Object.entries(health).map(([k, v]) => `${k} ${v || 'down'}`).join(', ')}`);

  if (selected.some((s) => s.name === 'monitoreo-metrics')) await takeMetricsBaseline();
  const scenarios: ScenarioRecord[] = [];
  for (const scenario of selected) scenarios.push(await runScenario(scenario));

  let drill: FaultDrillReport | undefined;
  if (drillWanted) drill = await runFaultDrill();

  const failedScenarios = scenarios.filter((s) => s.status === 'failed');
  const passed = failedScenarios.length === 0 && (drill === undefined || drill.status === 'passed');
  const report = {
    generated_at: new Date().toISOString(),
    run_id: RUN_ID,
    mode: process.env['E2E_MODE'] ?? 'running',
    base_urls: URLS,
    app_logs: process.env['E2E_APP_LOGS'] ?? null,
    health_at_start: health,
    passed,
    duration_ms: Date.now() - started,
    summary: {
      scenarios: scenarios.length,
      passed: scenarios.filter((s) => s.status === 'passed').length,
      failed: failedScenarios.length,
      skipped: scenarios.filter((s) => s.status === 'skipped').length,
      checks: scenarios.reduce((n, s) => n + s.checks.length, 0) + (drill?.verifications.length ?? 0),
      failed_checks: scenarios.reduce((n, s) => n + s.checks.filter((c) => !c.passed).length, 0) + (drill?.verifications.filter((c) => !c.passed).length ?? 0),
      fault_drill: drill ? drill.status : 'not run',
    },
    scenarios,
    fault_drill: drill ?? { status: 'not run', reason: process.env['E2E_FAULT_DRILL'] === '0' ? 'disabled (--no-fault-drill)' : 'not selected (E2E_SCENARIOS)' },
  };
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);

  progress('---------------- end-to-end summary ----------------');
  for (const s of scenarios) {
    const failed = s.checks.filter((c) => !c.passed);
    progress(
      `${s.status.toUpperCase().padEnd(8)} ${s.name.padEnd(34)} ${(s.duration_ms / 1000).toFixed(1).padStart(6)} s  ${s.checks.length} checks` +
        (failed.length ? `, failed: ${failed.map((c) => c.name).join('; ').slice(0, 300)}` : '') +
        (s.skip_reason ? ` (${s.skip_reason})` : '') +
        (s.error && !failed.length ? ` (${s.error.slice(0, 200)})` : ''),
    );
  }
  if (drill) {
    const failed = drill.verifications.filter((c) => !c.passed);
    progress(
      `${drill.status.toUpperCase().padEnd(8)} ${'fault-drill'.padEnd(34)} ${(drill.duration_ms / 1000).toFixed(1).padStart(6)} s  ${drill.verifications.length} checks` +
        (failed.length ? `, failed: ${failed.map((c) => c.name).join('; ').slice(0, 300)}` : '') +
        (drill.error ? ` (${drill.error.slice(0, 200)})` : ''),
    );
    for (const i of drill.injections) {
      progress(`         ${i.performed ? 'injected' : 'NOT performed'}: ${i.what}${i.reason ? ` — ${i.reason}` : ''}`);
    }
  }
  progress(`report: ${REPORT} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return passed ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`end-to-end run could not complete: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  })
  .finally(closeHttp);
