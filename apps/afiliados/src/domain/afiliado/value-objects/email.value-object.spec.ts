import { codeOf } from '../../../../test/support/domain-error-code';
import { Email } from './email.value-object';

describe('Email', () => {
  it('trims and lower-cases the address', () => {
    expect(Email.of('  Juan.Perez+promo@Email.COM \n').value).toBe('juan.perez+promo@email.com');
  });

  it('treats differently written forms of one address as equal', () => {
    expect(Email.of('ANA@x.co').equals(Email.of(' ana@X.CO'))).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['juan', 'no @'],
    ['@email.com', 'no local part'],
    ['juan@', 'no domain'],
    ['juan@email', 'domain without a dot'],
    ['juan@@email.com', 'two @'],
    ['ju an@email.com', 'space inside'],
    ['juan@-email.com', 'label starting with a hyphen'],
    ['juan..perez@email.com', 'two dots in a row'],
    ['juan@email.123', 'numeric top-level domain'],
    [`${'a'.repeat(65)}@email.com`, 'local part over 64'],
    [`a@${'b'.repeat(250)}.com`, 'longer than 254'],
  ])('refuses %j (%s) with AFILIADO.EMAIL_INVALIDO', (raw) => {
    expect(codeOf(() => Email.of(raw))).toBe('AFILIADO.EMAIL_INVALIDO');
  });

  it.each([[null], [undefined], [42], [['a@b.co']], [{}]])('refuses the non-string %j', (raw) => {
    expect(codeOf(() => Email.of(raw))).toBe('AFILIADO.EMAIL_INVALIDO');
  });
});
