import { randomUUID } from 'node:crypto';
import { PulsarAdminClient } from '../../src/pulsar/pulsar-admin.client';
import { pulsarHttpUrlFromEnv } from '../../src/pulsar/pulsar-websocket.client';

export const PULSAR_HTTP_URL = pulsarHttpUrlFromEnv();
export const admin = new PulsarAdminClient(PULSAR_HTTP_URL);

/** A fresh topic in the standalone's `public/default` namespace, so tests never touch the platform's topics. */
export function testTopic(name: string): string {
  return `persistent://public/default/alpes-test-${name}-${randomUUID().slice(0, 8)}`;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
