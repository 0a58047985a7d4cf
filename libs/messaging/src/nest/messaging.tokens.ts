/** The app's `PulsarClientPort` (a `PulsarWebSocketClient`): `@Inject(PULSAR_CLIENT) client: PulsarClientPort`. */
export const PULSAR_CLIENT = Symbol('alpes.messaging.PULSAR_CLIENT');

/** The TypeORM DataSource the outbox, the inbox and the relay use (an alias of the app's DataSource token). */
export const MESSAGING_DATA_SOURCE = Symbol('alpes.messaging.DATA_SOURCE');

/** Internal: the `OutboxCommitSubscriber` registered on the DataSource, detached again at shutdown. */
export const OUTBOX_COMMIT_SUBSCRIBER = Symbol('alpes.messaging.OUTBOX_COMMIT_SUBSCRIBER');
