import { QueryFailedError } from 'typeorm';
import {
  describeError,
  isDuplicateKeyError,
  isRetryableTransactionError,
  isTransientDatabaseError,
  mysqlErrno,
  NestedPoolConnectionError,
  PoolAcquireTimeoutError,
} from './mysql-errors';

function driverError(errno: number, code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { errno, code, sqlState: '23000' });
}

describe('mysql error classification', () => {
  it('reads errno from a TypeORM QueryFailedError and from the raw driver error', () => {
    const raw = driverError(1062, 'ER_DUP_ENTRY');
    expect(mysqlErrno(raw)).toBe(1062);
    expect(mysqlErrno(new QueryFailedError('INSERT …', [], raw))).toBe(1062);
    expect(mysqlErrno({ driverError: raw })).toBe(1062);
    expect(mysqlErrno(new Error('no errno'))).toBeUndefined();
    expect(mysqlErrno(undefined)).toBeUndefined();
  });

  it('tells duplicates from retryable lock errors', () => {
    expect(isDuplicateKeyError(new QueryFailedError('q', [], driverError(1062, 'ER_DUP_ENTRY')))).toBe(true);
    expect(isDuplicateKeyError(driverError(1213, 'ER_LOCK_DEADLOCK'))).toBe(false);
    expect(isRetryableTransactionError(driverError(1213, 'ER_LOCK_DEADLOCK'))).toBe(true);
    expect(isRetryableTransactionError(driverError(1205, 'ER_LOCK_WAIT_TIMEOUT'))).toBe(true);
    expect(isRetryableTransactionError(driverError(1062, 'ER_DUP_ENTRY'))).toBe(false);
  });

  it('classifies what says nothing about the request as transient: pool timeout, connection loss, lock losses', () => {
    expect(isTransientDatabaseError(new PoolAcquireTimeoutError(5000, { size: 20, waiting: 3 }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe(true);
    expect(isTransientDatabaseError(new QueryFailedError('q', [], driverError(1213, 'ER_LOCK_DEADLOCK')))).toBe(true);
    expect(isTransientDatabaseError(new QueryFailedError('q', [], driverError(1205, 'ER_LOCK_WAIT_TIMEOUT')))).toBe(true);
    expect(isTransientDatabaseError(driverError(1040, 'ER_CON_COUNT_ERROR'))).toBe(true);
    expect(isTransientDatabaseError(new Error('wrapped', { cause: new PoolAcquireTimeoutError(10) }))).toBe(true);
  });

  it('keeps bugs and refusals out of the transient class (they must fail, or dead-letter, not wait)', () => {
    expect(isTransientDatabaseError(new QueryFailedError('q', [], driverError(1062, 'ER_DUP_ENTRY')))).toBe(false);
    expect(isTransientDatabaseError(new QueryFailedError('q', [], driverError(1064, 'ER_PARSE_ERROR')))).toBe(false);
    expect(isTransientDatabaseError(new NestedPoolConnectionError())).toBe(false);
    expect(isTransientDatabaseError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
    expect(new PoolAcquireTimeoutError(5000, { size: 20, waiting: 3 }).message).toBe('No database connection free within 5000 ms (pool of 20, 3 waiting)');
  });

  it('describes errors briefly', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('x'.repeat(2000), 10)).toBe('x'.repeat(10));
    expect(describeError({ result: 'ProducerQueueIsFull' })).toBe('{"result":"ProducerQueueIsFull"}');
  });

  it('describes anything that can be thrown, and never throws itself', () => {
    const circular: Record<string, unknown> = { result: 'Loop' };
    circular['self'] = circular;
    expect(describeError(circular)).toBe('unknown error ([object Object])');
    expect(describeError({ message: 'circular but with a message', self: circular })).toBe('circular but with a message');
    expect(describeError(10n)).toBe('10');
    expect(describeError({ big: 10n })).toBe('unknown error ([object Object])');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(Symbol('s'))).toBe('Symbol(s)');
    expect(describeError(Object.create(null))).toBe('{}');
    const hostile = {
      toJSON() {
        throw new Error('toJSON');
      },
      toString() {
        throw new Error('toString');
      },
    };
    expect(describeError(hostile)).toBe('unknown error ([object Object])');
    const badError = new Error('x');
    Object.defineProperty(badError, 'message', {
      get() {
        throw new Error('getter');
      },
    });
    expect(describeError(badError)).toBe('unknown error ([object Error])');
    expect(describeError('')).toBe('unknown error ([object String])');
  });
});
