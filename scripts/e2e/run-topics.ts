/**
 * Per-run topics of the isolated end-to-end run (apps started with ALPES_TOPIC_PREFIX): every catalog topic under the
 * prefix, partitioned as the catalog says (what `prepareTestRuntime` of @alpes/platform/testing does for one app), and
 * their removal afterwards.
 *
 *   run_ts scripts/e2e/run-topics.ts create persistent://public/default/alpes-e2e-<run>-
 *   run_ts scripts/e2e/run-topics.ts delete persistent://public/default/alpes-e2e-<run>-
 *
 * Environment: PULSAR_HTTP_URL (http://127.0.0.1:8080).
 */
import { TOPICS } from '@alpes/contracts';
import { PulsarAdminClient } from '@alpes/messaging';

const httpUrl = (process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080').replace(/\/+$/, '');

function parsePrefix(prefix: string | undefined): { tenantNs: string; local: string; full: string } {
  const m = /^persistent:\/\/([^/]+\/[^/]+)\/(.+)$/.exec(prefix ?? '');
  if (!m) throw new Error(`prefix must look like persistent://tenant/namespace/name-prefix- (got ${JSON.stringify(prefix)})`);
  return { tenantNs: m[1], local: m[2], full: m[0] };
}

async function create(prefix: string): Promise<void> {
  const admin = new PulsarAdminClient(httpUrl);
  for (const spec of Object.values(TOPICS)) {
    await admin.createPartitionedTopic(`${prefix}${spec.key}`, spec.partitions);
  }
  console.log(`created ${Object.keys(TOPICS).length} partitioned topics under ${prefix}`);
}

async function list(path: string): Promise<string[]> {
  const res = await fetch(`${httpUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as string[];
}

async function remove(path: string): Promise<number> {
  const res = await fetch(`${httpUrl}${path}`, { method: 'DELETE', signal: AbortSignal.timeout(60_000) });
  return res.status;
}

/** Deletes every topic of the prefix (partitioned first, then the non-partitioned ones such as DLQs). Best effort. */
async function destroy(prefix: string): Promise<void> {
  const { tenantNs } = parsePrefix(prefix);
  const base = `persistent://${tenantNs}/`;
  let deleted = 0;
  const failed: string[] = [];
  for (const topic of await list(`/admin/v2/persistent/${tenantNs}/partitioned`)) {
    if (!topic.startsWith(prefix)) continue;
    const status = await remove(`/admin/v2/persistent/${tenantNs}/${encodeURIComponent(topic.slice(base.length))}/partitions?force=true&deleteSchema=true`);
    if (status < 300 || status === 404) deleted++;
    else failed.push(`${topic} (HTTP ${status})`);
  }
  for (const topic of await list(`/admin/v2/persistent/${tenantNs}`)) {
    if (!topic.startsWith(prefix) || /-partition-\d+$/.test(topic)) continue;
    const status = await remove(`/admin/v2/persistent/${tenantNs}/${encodeURIComponent(topic.slice(base.length))}?force=true&deleteSchema=true`);
    if (status < 300 || status === 404) deleted++;
    else failed.push(`${topic} (HTTP ${status})`);
  }
  console.log(`deleted ${deleted} topics under ${prefix}${failed.length ? `; could not delete: ${failed.join(', ')}` : ''}`);
}

async function main(): Promise<void> {
  const [command, prefix] = process.argv.slice(2);
  parsePrefix(prefix);
  if (command === 'create') await create(prefix);
  else if (command === 'delete') await destroy(prefix);
  else throw new Error('usage: run-topics.ts create|delete <prefix>');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
