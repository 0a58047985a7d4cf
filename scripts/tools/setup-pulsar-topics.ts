/**
 * Creates (idempotently) everything the topic catalog of libs/contracts declares, through Pulsar's admin REST API:
 * tenant, namespaces (retention, no inactive-topic deletion), partitioned topics (partition counts only ever grow),
 * the Avro envelope schema on every `avro-envelope` topic, every subscription at the earliest position (on every
 * partition) and every dead-letter topic. Never deletes anything.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/tools/setup-pulsar-topics.ts [--check]
 *   (TS_NODE_PROJECT=tsconfig.scripts.json; scripts/setup_pulsar_topics.sh does this)
 *
 * --check   change nothing; report what is missing and exit 1 when anything is.
 *
 * Environment: PULSAR_HTTP_URL (http://127.0.0.1:8080), PULSAR_CLUSTER (default: `standalone` when the broker has it,
 * else its first cluster), ALPES_SETUP_WAIT_SECONDS (60: how long to wait for the admin API to answer).
 * The envelope schema registered on each topic is libs/contracts' ENVELOPE_SCHEMA (schemas/envelope.avsc).
 */
import { ENVELOPE_SCHEMA, NAMESPACES, TENANT, TOPICS, deadLetterTopicName, topicName } from '@alpes/contracts';
import type { NamespaceSpec, TopicSpec } from '@alpes/contracts';

const BASE_URL = (process.env.PULSAR_HTTP_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHECK_ONLY = process.argv.includes('--check');
const WAIT_SECONDS = Number(process.env.ALPES_SETUP_WAIT_SECONDS || 60);

/* ------------------------------------------------------------------------------------------------------------ */
/* Output                                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

type Outcome = 'created' | 'updated' | 'found' | 'missing' | 'warning' | 'error';
const counts: Record<Outcome, number> = { created: 0, updated: 0, found: 0, missing: 0, warning: 0, error: 0 };
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const colours: Record<Outcome, string> = {
  created: '\x1b[32m',
  updated: '\x1b[36m',
  found: '\x1b[2m',
  missing: '\x1b[33m',
  warning: '\x1b[33m',
  error: '\x1b[31m',
};

function report(outcome: Outcome, what: string, detail = ''): void {
  counts[outcome] += 1;
  const tag = outcome.padEnd(8);
  const line = `${useColour ? colours[outcome] + tag + '\x1b[0m' : tag} ${what}${detail ? `  (${detail})` : ''}`;
  if (outcome === 'error' || outcome === 'warning') console.error(line);
  else console.log(line);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Admin REST client                                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

interface Response {
  status: number;
  text: string;
  json: unknown;
}

class AdminError extends Error {}

const RETRYABLE = new Set([500, 502, 503, 504]);

async function api(method: string, path: string, body?: unknown, okStatuses: number[] = [200, 204]): Promise<Response> {
  const url = `${BASE_URL}${path}`;
  let lastError = '';
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let json: unknown = undefined;
      if (text) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      if (okStatuses.includes(res.status)) return { status: res.status, text, json };
      lastError = `${method} ${path} -> HTTP ${res.status}: ${reason(text)}`;
      if (!RETRYABLE.has(res.status)) throw new AdminError(lastError);
    } catch (e) {
      if (e instanceof AdminError) throw e;
      lastError = `${method} ${path} -> ${(e as Error).message}`;
    }
    await sleep(500 * 2 ** (attempt - 1));
  }
  throw new AdminError(lastError);
}

function reason(text: string): string {
  try {
    const j = JSON.parse(text) as { reason?: string; message?: string };
    return j.reason ?? j.message ?? text;
  } catch {
    return text.slice(0, 300);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `persistent://alpes/eventos/afiliados.eventos` -> `alpes/eventos/afiliados.eventos` (each segment URL-encoded). */
function topicPath(fullName: string): string {
  const m = /^persistent:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(fullName);
  if (!m) throw new Error(`not a persistent topic name: ${fullName}`);
  return [m[1], m[2], m[3]].map(encodeURIComponent).join('/');
}

function nsPath(ns: NamespaceSpec): string {
  return ns.name.split('/').map(encodeURIComponent).join('/');
}

async function waitForAdmin(): Promise<string[]> {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  let last = '';
  for (;;) {
    try {
      const res = await fetch(`${BASE_URL}/admin/v2/clusters`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return (await res.json()) as string[];
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline) throw new AdminError(`Pulsar admin API at ${BASE_URL} not answering after ${WAIT_SECONDS} s (${last})`);
    await sleep(1000);
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Steps                                                                                                         */
/* ------------------------------------------------------------------------------------------------------------ */

async function ensureTenant(cluster: string): Promise<void> {
  const what = `tenant ${TENANT}`;
  const res = await api('GET', `/admin/v2/tenants/${encodeURIComponent(TENANT)}`, undefined, [200, 404]);
  if (res.status === 404) {
    if (CHECK_ONLY) return report('missing', what);
    await api('PUT', `/admin/v2/tenants/${encodeURIComponent(TENANT)}`, { adminRoles: [], allowedClusters: [cluster] }, [204, 409]);
    return report('created', what, `allowed cluster ${cluster}`);
  }
  const info = res.json as { adminRoles?: string[]; allowedClusters?: string[] };
  const allowed = info.allowedClusters ?? [];
  if (allowed.includes(cluster)) return report('found', what, `allowed clusters ${allowed.join(', ')}`);
  if (CHECK_ONLY) return report('missing', `${what} allowed cluster ${cluster}`);
  await api('POST', `/admin/v2/tenants/${encodeURIComponent(TENANT)}`, {
    adminRoles: info.adminRoles ?? [],
    allowedClusters: [...allowed, cluster],
  });
  report('updated', what, `allowed clusters ${[...allowed, cluster].join(', ')}`);
}

async function ensureNamespace(ns: NamespaceSpec, existing: Set<string>): Promise<boolean> {
  const base = `/admin/v2/namespaces/${nsPath(ns)}`;
  if (existing.has(ns.name)) {
    report('found', `namespace ${ns.name}`);
  } else if (CHECK_ONLY) {
    report('missing', `namespace ${ns.name}`);
    return false;
  } else {
    const res = await api('PUT', base, undefined, [204, 409]);
    report(res.status === 409 ? 'found' : 'created', `namespace ${ns.name}`);
  }

  // Retention (-1 = infinite).
  const want = { retentionTimeInMinutes: ns.retentionTimeMinutes, retentionSizeInMB: ns.retentionSizeMB };
  const cur = (await api('GET', `${base}/retention`)).json as { retentionTimeInMinutes?: number; retentionSizeInMB?: number } | undefined;
  const retentionText = `time ${fmtRetention(want.retentionTimeInMinutes, 'min')}, size ${fmtRetention(want.retentionSizeInMB, 'MB')}`;
  if (cur && cur.retentionTimeInMinutes === want.retentionTimeInMinutes && cur.retentionSizeInMB === want.retentionSizeInMB) {
    report('found', `retention ${ns.name}`, retentionText);
  } else if (CHECK_ONLY) {
    report('missing', `retention ${ns.name}`, retentionText);
  } else {
    await api('POST', `${base}/retention`, want);
    report(cur ? 'updated' : 'created', `retention ${ns.name}`, retentionText);
  }

  // Never delete inactive topics in our namespaces: dead-letter topics have no subscription and must stay listable.
  const itp = (await api('GET', `${base}/inactiveTopicPolicies`)).json as { deleteWhileInactive?: boolean } | undefined;
  if (itp && itp.deleteWhileInactive === false) {
    report('found', `inactive-topic policy ${ns.name}`, 'deleteWhileInactive=false');
  } else if (CHECK_ONLY) {
    report('missing', `inactive-topic policy ${ns.name}`, 'deleteWhileInactive=false');
  } else {
    await api('POST', `${base}/inactiveTopicPolicies`, {
      inactiveTopicDeleteMode: 'delete_when_no_subscriptions',
      maxInactiveDurationSeconds: 60,
      deleteWhileInactive: false,
    });
    report(itp ? 'updated' : 'created', `inactive-topic policy ${ns.name}`, 'deleteWhileInactive=false');
  }
  return true;
}

function fmtRetention(v: number, unit: string): string {
  return v < 0 ? 'infinite' : `${v} ${unit}`;
}

interface NamespaceTopics {
  partitioned: Set<string>;
  /** Non-partitioned topics and partitions (`…-partition-N`). */
  plain: Set<string>;
}

async function listTopics(ns: NamespaceSpec): Promise<NamespaceTopics> {
  const [p, n] = await Promise.all([
    api('GET', `/admin/v2/persistent/${nsPath(ns)}/partitioned`, undefined, [200, 404]),
    api('GET', `/admin/v2/persistent/${nsPath(ns)}`, undefined, [200, 404]),
  ]);
  return {
    partitioned: new Set(p.status === 200 ? (p.json as string[]) : []),
    plain: new Set(n.status === 200 ? (n.json as string[]) : []),
  };
}

/** Ensures the partitioned topic; returns its partition count (0 when it does not exist / cannot be used). */
async function ensurePartitionedTopic(spec: TopicSpec, topics: NamespaceTopics): Promise<number> {
  const name = topicName(spec.key);
  const path = `/admin/v2/persistent/${topicPath(name)}/partitions`;
  if (topics.partitioned.has(name)) {
    const meta = (await api('GET', path)).json as { partitions: number };
    if (meta.partitions === spec.partitions) {
      report('found', `topic ${name}`, `${meta.partitions} partitions`);
      return meta.partitions;
    }
    if (meta.partitions > spec.partitions) {
      report('warning', `topic ${name}`, `has ${meta.partitions} partitions, catalog says ${spec.partitions}; partitions are never removed`);
      return meta.partitions;
    }
    if (CHECK_ONLY) {
      report('missing', `topic ${name} partitions`, `${meta.partitions} -> ${spec.partitions}`);
      return meta.partitions;
    }
    await api('POST', path, spec.partitions);
    report('updated', `topic ${name}`, `partitions ${meta.partitions} -> ${spec.partitions}`);
    return spec.partitions;
  }
  if (topics.plain.has(name)) {
    report(
      'error',
      `topic ${name}`,
      'exists as a NON-partitioned topic (auto-created by a client before the set-up ran?). ' +
        'It is not deleted automatically: delete it by hand (pulsar-admin topics delete) and re-run',
    );
    return 0;
  }
  if (CHECK_ONLY) {
    report('missing', `topic ${name}`, `${spec.partitions} partitions`);
    return 0;
  }
  const res = await api('PUT', path, spec.partitions, [204, 409]);
  if (res.status === 409) {
    // Created concurrently; read it back.
    const meta = (await api('GET', path)).json as { partitions: number };
    report('found', `topic ${name}`, `${meta.partitions} partitions`);
    return meta.partitions;
  }
  report('created', `topic ${name}`, `${spec.partitions} partitions`);
  return spec.partitions;
}

/** Deterministic JSON (sorted keys) to compare schema definitions. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

async function ensureSchema(spec: TopicSpec, envelope: unknown): Promise<void> {
  const name = topicName(spec.key);
  const path = `/admin/v2/schemas/${topicPath(name)}/schema`;
  const cur = await api('GET', path, undefined, [200, 404]);
  const existing = cur.status === 200 ? (cur.json as { type?: string; data?: string; version?: number }) : undefined;

  if (spec.format === 'json') {
    // Raw JSON from outside systems: no schema, so schemaless (bytes) producers are never refused.
    if (existing) report('warning', `schema ${name}`, `a ${existing.type} schema is registered; raw JSON producers rely on schema validation not being enforced`);
    else report('found', `schema ${name}`, 'no schema: raw JSON');
    return;
  }

  if (existing && existing.type === 'AVRO' && existing.data) {
    let same = false;
    try {
      same = canonical(JSON.parse(existing.data)) === canonical(envelope);
    } catch {
      same = false;
    }
    if (same) return report('found', `schema ${name}`, `AVRO Envelope, version ${existing.version}`);
  }
  if (CHECK_ONLY) return report('missing', `schema ${name}`, existing ? 'differs from envelope.avsc' : 'AVRO Envelope');
  const res = await api('POST', path, { type: 'AVRO', schema: JSON.stringify(envelope), properties: {} }, [200, 409, 422]);
  if (res.status !== 200) {
    return report('error', `schema ${name}`, `refused by the broker (HTTP ${res.status}): ${reason(res.text)}`);
  }
  const version = (res.json as { version?: { version?: number } | number } | undefined)?.version;
  const v = typeof version === 'object' ? version?.version : version;
  report(existing ? 'updated' : 'created', `schema ${name}`, `AVRO Envelope, version ${v ?? '?'}`);
}

async function subscriptionsOf(topic: string): Promise<Set<string>> {
  const res = await api('GET', `/admin/v2/persistent/${topicPath(topic)}/subscriptions`, undefined, [200, 404]);
  return new Set(res.status === 200 ? (res.json as string[]) : []);
}

const EARLIEST = { ledgerId: -1, entryId: -1, partitionIndex: -1 };

async function ensureSubscriptions(spec: TopicSpec, partitions: number): Promise<void> {
  const name = topicName(spec.key);
  const partitionNames = Array.from({ length: partitions }, (_, i) => `${name}-partition-${i}`);
  const existing = await Promise.all(partitionNames.map(subscriptionsOf));
  for (const sub of spec.subscriptions) {
    const what = `subscription ${name} :: ${sub.name}`;
    const missing = partitionNames.filter((_, i) => !existing[i].has(sub.name));
    if (missing.length === 0) {
      report('found', what, `${partitions} partitions`);
      continue;
    }
    if (CHECK_ONLY) {
      report('missing', what, `on ${missing.length}/${partitions} partitions`);
      continue;
    }
    const subPath = (topic: string) => `/admin/v2/persistent/${topicPath(topic)}/subscription/${encodeURIComponent(sub.name)}`;
    if (missing.length === partitions) {
      // On the partitioned topic: creates it on every partition.
      await api('PUT', subPath(name), EARLIEST, [204, 409]);
      report('created', what, `earliest, ${partitions} partitions`);
    } else {
      for (const p of missing) await api('PUT', subPath(p), EARLIEST, [204, 409]);
      report('updated', what, `earliest, added on ${missing.length} of ${partitions} partitions`);
    }
  }
}

async function ensureDeadLetterTopics(spec: TopicSpec, topics: NamespaceTopics): Promise<void> {
  for (const sub of spec.subscriptions) {
    const dlq = deadLetterTopicName(spec.key, sub.name);
    if (topics.plain.has(dlq) || topics.partitioned.has(dlq)) {
      report('found', `dead-letter topic ${dlq}`);
      continue;
    }
    if (CHECK_ONLY) {
      report('missing', `dead-letter topic ${dlq}`);
      continue;
    }
    const res = await api('PUT', `/admin/v2/persistent/${topicPath(dlq)}`, undefined, [204, 409]);
    report(res.status === 409 ? 'found' : 'created', `dead-letter topic ${dlq}`);
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Main                                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

async function main(): Promise<number> {
  const started = Date.now();
  console.log(`Pulsar topic set-up${CHECK_ONLY ? ' (check only)' : ''} against ${BASE_URL}`);
  const clusters = await waitForAdmin();
  const cluster = process.env.PULSAR_CLUSTER || (clusters.includes('standalone') ? 'standalone' : clusters[0]);
  if (!cluster) throw new AdminError(`the broker at ${BASE_URL} lists no cluster`);
  if (!clusters.includes(cluster)) throw new AdminError(`cluster ${cluster} not among the broker's clusters: ${clusters.join(', ')}`);

  const envelope = ENVELOPE_SCHEMA;

  await ensureTenant(cluster);
  const nsList = (await api('GET', `/admin/v2/namespaces/${encodeURIComponent(TENANT)}`, undefined, [200, 404])).json;
  const existingNs = new Set<string>(Array.isArray(nsList) ? (nsList as string[]) : []);

  const specs = Object.values(TOPICS) as TopicSpec[];
  for (const [key, ns] of Object.entries(NAMESPACES) as [string, NamespaceSpec][]) {
    const nsReady = await ensureNamespace(ns, existingNs);
    const nsTopics = specs.filter((t) => t.namespace === key);
    if (!nsReady) {
      for (const t of nsTopics) report('missing', `topic ${topicName(t.key)}`, 'namespace missing');
      continue;
    }
    const topics = await listTopics(ns);
    for (const spec of nsTopics) {
      try {
        const partitions = await ensurePartitionedTopic(spec, topics);
        if (partitions === 0) continue;
        await ensureSchema(spec, envelope);
        await ensureSubscriptions(spec, partitions);
        await ensureDeadLetterTopics(spec, topics);
      } catch (e) {
        report('error', `topic ${topicName(spec.key)}`, (e as Error).message);
      }
    }
  }

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Summary: ${counts.created} created, ${counts.updated} updated, ${counts.found} already present` +
      (CHECK_ONLY ? `, ${counts.missing} missing` : '') +
      `, ${counts.warning} warnings, ${counts.error} errors (${secs} s)`,
  );
  if (counts.error > 0) return 1;
  if (CHECK_ONLY && counts.missing > 0) return 1;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`setup-pulsar-topics: ${(e as Error).message ?? e}`);
    process.exit(1);
  },
);
