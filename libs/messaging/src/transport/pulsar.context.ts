import { BaseRpcContext } from '@nestjs/microservices';
import type { Envelope } from '@alpes/contracts';
import type { EntityManager } from 'typeorm';
import type { IncomingMessage } from '../pulsar/pulsar-client.port';

type PulsarContextArgs = [IncomingMessage, string, Envelope | undefined, EntityManager | undefined];

/**
 * What an `@EventPattern` handler gets as `@Ctx()`: the Pulsar message, the subscription, the decoded envelope
 * and — when the server runs with a DataSource — the EntityManager of the transaction that also records the
 * inbox row. Write the handler's effects with that manager so they commit (or roll back) with the inbox row.
 */
export class PulsarContext extends BaseRpcContext<PulsarContextArgs> {
  getMessage(): IncomingMessage {
    return this.args[0];
  }

  getSubscription(): string {
    return this.args[1];
  }

  getEnvelope(): Envelope | undefined {
    return this.args[2];
  }

  getTopic(): string {
    return this.args[0].topic;
  }

  /** The transaction's EntityManager; throws when the server was started without a DataSource. */
  getEntityManager(): EntityManager {
    const manager = this.args[3];
    if (!manager) throw new Error('PulsarServer runs without a DataSource: no transactional EntityManager for handlers');
    return manager;
  }
}
