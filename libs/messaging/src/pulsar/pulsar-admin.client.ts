import { topicPath } from './topic-path';

export interface SubscriptionStats {
  readonly msgBacklog: number;
  readonly unackedMessages?: number;
  readonly consumers?: unknown[];
}

export interface TopicStats {
  readonly msgInCounter?: number;
  readonly msgOutCounter?: number;
  readonly msgRateIn?: number;
  readonly msgRateOut?: number;
  readonly subscriptions: Record<string, SubscriptionStats>;
}

export class PulsarAdminError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: string,
  ) {
    super(`Pulsar admin ${path} answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'PulsarAdminError';
  }
}

/** The few admin REST calls the services need (health, stats, subscriptions). */
export class PulsarAdminClient {
  constructor(
    private readonly httpUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /** True when the broker answers its health check (it can serve topics). */
  async isHealthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.httpUrl}/admin/v2/brokers/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      return res.ok;
    } catch {
      return false;
    }
  }

  partitionedStats(topic: string): Promise<TopicStats> {
    return this.request<TopicStats>('GET', `/admin/v2/${topicPath(topic)}/partitioned-stats`);
  }

  stats(topic: string): Promise<TopicStats> {
    return this.request<TopicStats>('GET', `/admin/v2/${topicPath(topic)}/stats`);
  }

  async createPartitionedTopic(topic: string, partitions: number): Promise<void> {
    await this.request('PUT', `/admin/v2/${topicPath(topic)}/partitions`, partitions, [409]);
  }

  async createSubscription(topic: string, subscription: string, position: 'earliest' | 'latest' = 'earliest'): Promise<void> {
    const messageId = position === 'earliest' ? { ledgerId: -1, entryId: -1, partitionIndex: -1 } : undefined;
    await this.request(
      'PUT',
      `/admin/v2/${topicPath(topic)}/subscription/${encodeURIComponent(subscription)}`,
      messageId,
      [409],
    );
  }

  async request<T>(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<T> {
    const res = await fetch(`${this.httpUrl}${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok && !okStatuses.includes(res.status)) throw new PulsarAdminError(res.status, path, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
