import { BusinessRuleError, ConflictError, DomainError, NotFoundError, ValidationError } from './domain.error';

describe('DomainError', () => {
  it('carries a stable code, a kind, a message and frozen details', () => {
    const details = { email: 'a@b.co' };
    const error = new ConflictError('AFILIADO.EMAIL_DUPLICADO', 'Email already registered', { details });
    details.email = 'changed';

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('AFILIADO.EMAIL_DUPLICADO');
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('Email already registered');
    expect(error.name).toBe('ConflictError');
    expect(error.details).toEqual({ email: 'a@b.co' });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it.each([
    [ValidationError, 'validation'],
    [NotFoundError, 'not_found'],
    [ConflictError, 'conflict'],
    [BusinessRuleError, 'business_rule'],
  ] as const)('%p has kind %p', (ErrorClass, kind) => {
    const error = new ErrorClass('X.Y', 'm');
    expect(error.kind).toBe(kind);
    expect(error).toBeInstanceOf(ErrorClass);
  });

  it('defaults to business_rule and keeps the cause', () => {
    const cause = new Error('root');
    const error = new DomainError('COMISION.YA_APROBADA', 'already approved', { cause });
    expect(error.kind).toBe('business_rule');
    expect(error.cause).toBe(cause);
    expect(error.details).toBeUndefined();
  });

  it.each(['', 'afiliado.email', 'AFILIADO', 'AFILIADO.', 'AFILIADO-EMAIL.X', 'A.b'])(
    'refuses malformed code %p (a programming error, not a DomainError)',
    (code) => {
      expect(() => new DomainError(code, 'm')).toThrow(/Invalid DomainError code/);
    },
  );
});
