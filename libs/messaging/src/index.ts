// Pulsar client port and its WebSocket adapter
export * from './pulsar/pulsar-client.port';
export * from './pulsar/pulsar.errors';
export { PulsarWebSocketClient, pulsarHttpUrlFromEnv, DEFAULT_PULSAR_HTTP_URL } from './pulsar/pulsar-websocket.client';
export type { PulsarWebSocketClientOptions } from './pulsar/pulsar-websocket.client';
export { PulsarAdminClient, PulsarAdminError } from './pulsar/pulsar-admin.client';
export type { TopicStats, SubscriptionStats } from './pulsar/pulsar-admin.client';
export { backoffDelay, DEFAULT_BACKOFF } from './pulsar/backoff';
export { topicPath } from './pulsar/topic-path';
export type { BackoffOptions } from './pulsar/backoff';

// NestJS transport
export { PulsarServer, uuidFromString } from './transport/pulsar.server';
export type { PulsarServerOptions, ReceivedEvent, SubscriptionCounters } from './transport/pulsar.server';
export { PulsarClientProxy } from './transport/pulsar.client-proxy';
export type { EmitData } from './transport/pulsar.client-proxy';
export { PulsarContext } from './transport/pulsar.context';
export type { IdempotencyPort, IdempotencyOutcome } from './transport/idempotency.port';

// Transactional outbox and inbox (TypeORM / MySQL)
export * from './outbox/outbox-message';
export {
  OutboxWriter,
  InvalidOutboxMessageError,
  OutboxPayloadTooLargeError,
  DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES,
} from './outbox/outbox.writer';
export type { OutboxWriterOptions } from './outbox/outbox.writer';
export { OutboxRelay } from './outbox/outbox.relay';
export type { OutboxRelayOptions, OutboxRelayStats, OutboxRoundResult, OutboxCleanupOptions } from './outbox/outbox.relay';
export { OutboxMessageOrmEntity } from './outbox/outbox.orm-entity';
export { OutboxCommitSubscriber } from './outbox/outbox-commit.subscriber';
export { CreateOutboxMessages1790000000000 } from './outbox/migrations/1790000000000-create-outbox-messages.migration';
export { Inbox } from './inbox/inbox';
export type { InboxOutcome, InboxEffect, InboxOptions } from './inbox/inbox';
export { InboxIdempotencyAdapter } from './inbox/inbox-idempotency.adapter';
export { InboxMessageOrmEntity } from './inbox/inbox.orm-entity';
export { CreateInboxMessages1790000000001 } from './inbox/migrations/1790000000001-create-inbox-messages.migration';
export { runInTransaction, isHoldingTransaction } from './persistence/run-in-transaction';
export type { TransactionOptions, Wakeable, IsolationLevel } from './persistence/run-in-transaction';
export * from './persistence/mysql-errors';
export * from './outbox/outbox-dispatch';

// Logging
export { createLogger, rootLogger } from './logging/logger';
export type { Logger } from './logging/logger';

// NestJS module: the wiring every service imports (publisher, relay, inbox, server strategy, health, shutdown order)
export { MessagingModule } from './nest/messaging.module';
export { MESSAGING_OPTIONS, resolveTopicOf } from './nest/messaging.module-definition';
export type {
  MessagingModuleOptions,
  MessagingModuleExtras,
  MessagingModuleRootOptions,
  MessagingModuleAsyncOptions,
} from './nest/messaging.module-definition';
export { PULSAR_CLIENT, MESSAGING_DATA_SOURCE } from './nest/messaging.tokens';
export { IntegrationEventPublisher } from './nest/integration-event.publisher';
export type { IntegrationEvent, IntegrationEventMeta, AppendedIntegrationEvent } from './nest/integration-event.publisher';
export { PulsarServerFactory } from './nest/pulsar-server.factory';
export { BatchConsumerFactory } from './nest/batch-consumer.factory';
export { BatchSubscription } from './transport/batch-subscription';
export type {
  BatchSubscriptionSpec,
  BatchEventHandler,
  BatchReceivedEvent,
  BatchHandlerResult,
  BatchRejection,
  DeadLetterHook,
  DeadLetterNotice,
} from './transport/batch-subscription';
export type { PulsarServerOverrides } from './nest/pulsar-server.factory';
export { MessagingHealth } from './nest/messaging.health';
export type { MessagingHealthReport, OutboxHealth } from './nest/messaging.health';
