import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOPICS, type TopicKey, type TopicSpec } from './topic-catalog';

/**
 * CONTEXT_MAP.md documents every topic with its namespace, partitions, producers and subscriptions. It is read by
 * people who never open the catalog, so it must say what the code does: this test fails when the two drift apart.
 */
const CONTEXT_MAP = path.join(__dirname, '..', '..', '..', '..', 'CONTEXT_MAP.md');

interface Row {
  readonly cells: string[];
  readonly topics: string[];
}

function topicRows(markdown: string): Row[] {
  const start = markdown.indexOf('## Topics');
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n');
  return lines
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      const topics = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return { cells, topics };
    });
}

describe('CONTEXT_MAP.md topic table', () => {
  const rows = topicRows(fs.readFileSync(CONTEXT_MAP, 'utf8'));
  const specs = Object.values(TOPICS) as TopicSpec[];

  it('lists every catalog topic exactly once and nothing else', () => {
    const documented = rows.flatMap((r) => r.topics).sort();
    expect(documented).toEqual(specs.map((s) => s.key).sort());
  });

  it.each(specs.map((s) => [s.key, s] as [TopicKey, TopicSpec]))('%s: namespace, partitions and subscriptions match the catalog', (key, spec) => {
    const row = rows.find((r) => r.topics.includes(key));
    if (!row) throw new Error(`${key} has no row in CONTEXT_MAP.md`);
    const [, namespace, partitions, , producers, subscriptions] = row.cells;
    expect(namespace).toBe(spec.namespace);
    expect(Number(partitions.split(' ')[0])).toBe(spec.partitions);
    const documentedSubs = [...subscriptions.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    expect(documentedSubs).toEqual(spec.subscriptions.map((s) => s.name).sort());
    for (const s of spec.subscriptions) expect(subscriptions).toContain(s.type);
    if (!producers.includes('all five apps') && !producers.includes('outside systems')) {
      for (const p of spec.producers) expect(producers).toContain(p);
    }
  });
});
