import { DomainError } from '../src/domain.error';

/** The `DomainError` code `fn` throws, or undefined when it throws nothing; any other error is rethrown. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}
