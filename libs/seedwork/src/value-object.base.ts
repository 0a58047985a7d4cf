import { Decimal } from 'decimal.js';

/**
 * An immutable object without identity: two value objects are equal when they are of the same class and their
 * props are structurally equal. Plain objects and arrays inside props are frozen; Decimal, Date and nested value
 * objects are compared by value.
 */
export abstract class ValueObject<Props extends object> {
  protected readonly props: Readonly<Props>;

  protected constructor(props: Props) {
    this.props = deepFreeze(copy(props)) as Readonly<Props>;
  }

  equals(other: ValueObject<object> | null | undefined): boolean {
    if (other === null || other === undefined) return false;
    if (other === this) return true;
    return other.constructor === this.constructor && structurallyEqual(this.props, other.props);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Copy plain containers so that later changes to the caller's object cannot leak into the value object.
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  }
  if (value instanceof Date) return new Date(value.getTime());
  return value;
}

function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isPlainObject(value)) {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function structurallyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof ValueObject) return b instanceof ValueObject && a.equals(b);
  if (Decimal.isDecimal(a)) return Decimal.isDecimal(b) && (a as Decimal).equals(b as Decimal);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => structurallyEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((k) => k in b && structurallyEqual(a[k], b[k]));
  }
  return false;
}
