import { ValueObject } from '@alpes/seedwork';
import { EmailInvalidoError } from '../afiliado.errors';

// Pragmatic shape check (RFC 5322 is far looser): local@domain.tld, no spaces, a dotted domain of letters, digits
// and hyphens. Deliverability is not the domain's concern.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** An email address, normalised (trimmed, lower-cased): the afiliado's unique business key. */
export class Email extends ValueObject<{ value: string }> {
  private constructor(value: string) {
    super({ value });
  }

  static of(raw: unknown): Email {
    if (typeof raw !== 'string') throw new EmailInvalidoError('debe ser un texto');
    const value = raw.trim().toLowerCase();
    if (value.length === 0) throw new EmailInvalidoError('está vacío');
    if (value.length > MAX_LENGTH) throw new EmailInvalidoError(`supera ${MAX_LENGTH} caracteres`);
    const at = value.lastIndexOf('@');
    if (at <= 0 || at !== value.indexOf('@')) throw new EmailInvalidoError('debe tener la forma usuario@dominio');
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) {
      throw new EmailInvalidoError('la parte local no es válida');
    }
    const labels = domain.split('.');
    if (labels.length < 2 || labels.some((l) => l.length > 63 || !DOMAIN_LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
      throw new EmailInvalidoError('el dominio no es válido');
    }
    return new Email(value);
  }

  get value(): string {
    return this.props.value;
  }

  override toString(): string {
    return this.props.value;
  }
}
