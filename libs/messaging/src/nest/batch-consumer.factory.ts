import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createLogger } from '../logging/logger';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { BatchSubscription, type BatchSubscriptionSpec } from '../transport/batch-subscription';
import type { SubscriptionCounters } from '../transport/pulsar.server';
import { MESSAGING_OPTIONS, resolveTopicOf, type MessagingModuleOptions } from './messaging.module-definition';
import { MESSAGING_DATA_SOURCE, PULSAR_CLIENT } from './messaging.tokens';

/**
 * Starts batch consumers (`BatchSubscription`): for topics where one transaction per message is too slow. Call
 * `start(spec)` from an `onApplicationBootstrap` hook; the messaging shutdown order closes them with the
 * PulsarServers (before the relay's last flush).
 */
@Injectable()
export class BatchConsumerFactory {
  private readonly subscriptions = new Set<BatchSubscription>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(PULSAR_CLIENT) private readonly client: PulsarClientPort,
    @Inject(MESSAGING_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async start(spec: BatchSubscriptionSpec): Promise<BatchSubscription> {
    const subscription = new BatchSubscription(spec, {
      app: this.options.app,
      client: this.client,
      dataSource: this.dataSource,
      resolveTopic: resolveTopicOf(this.options),
      consumer: this.options.consumer,
      logger: createLogger('batch-consumer').child({ app: this.options.app }),
    });
    await subscription.start();
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Counters per `subscription@topic`, summed over the consumers an app started on the same subscription. */
  stats(): Record<string, SubscriptionCounters> {
    const merged: Record<string, SubscriptionCounters> = {};
    for (const s of this.subscriptions) {
      const key = `${s.subscription}@${s.topicKey}`;
      const total = merged[key];
      if (!total) {
        merged[key] = { ...s.counters };
        continue;
      }
      for (const name of Object.keys(total) as (keyof SubscriptionCounters)[]) total[name] += s.counters[name];
    }
    return merged;
  }

  async closeAll(): Promise<void> {
    const all = [...this.subscriptions];
    this.subscriptions.clear();
    await Promise.allSettled(all.map((s) => s.close()));
  }
}
