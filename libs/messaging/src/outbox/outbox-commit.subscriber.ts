import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { Wakeable } from '../persistence/run-in-transaction';
import { takeOutboxAppended } from './outbox.writer';

/**
 * Wakes the relay after the COMMIT of any transaction that appended outbox rows, however the transaction was started
 * (`DataSource.transaction`, a repository's own query runner, `runInTransaction`). Register it with
 * `OutboxCommitSubscriber.register(dataSource, relay)` or list it in the DataSource `subscribers`.
 */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly relay: Wakeable) {}

  static register(dataSource: DataSource, relay: Wakeable): OutboxCommitSubscriber {
    const subscriber = new OutboxCommitSubscriber(relay);
    dataSource.subscribers.push(subscriber);
    return subscriber;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A nested transaction (savepoint) commits into its parent; only the outermost COMMIT makes rows visible.
    if (event.queryRunner.isTransactionActive) return;
    if (takeOutboxAppended(event.queryRunner)) this.relay.wake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeOutboxAppended(event.queryRunner);
  }
}
