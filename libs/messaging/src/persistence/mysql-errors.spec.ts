import { QueryFailedError } from 'typeorm';
import { describeError, isDuplicateKeyError, isRetryableTransactionError, mysqlErrno } from './mysql-errors';

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

  it('describes errors briefly', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('x'.repeat(2000), 10)).toBe('x'.repeat(10));
    expect(describeError({ result: 'ProducerQueueIsFull' })).toBe('{"result":"ProducerQueueIsFull"}');
  });
});
