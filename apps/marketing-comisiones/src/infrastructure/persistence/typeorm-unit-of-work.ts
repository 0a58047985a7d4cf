import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { runInTransaction } from '@alpes/messaging';
import type { UnitOfWork } from '../../application/ports/unit-of-work.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { transaccionDe } from './transaccion';

/**
 * One MySQL transaction per unit of work (REPEATABLE READ; every read that decides a write is a locking read, so it
 * sees the latest committed row). Deadlock victims and lock-wait timeouts are re-run up to 3 times: the handlers read
 * everything inside `work`. The outbox relay is woken after COMMIT by the DataSource's commit subscriber.
 */
@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaccion) => Promise<T>): Promise<T> {
    return runInTransaction(this.dataSource, (manager) => work(transaccionDe(manager)), { retries: 3 });
  }
}
