import { Type, types } from 'avsc';

/**
 * A bounded structural pass over Avro binary data, run BEFORE avsc decodes untrusted bytes.
 *
 * avsc trusts the length prefixes it reads: an array block count of 2^50 makes it loop (and allocate) 2^50 times
 * before noticing the buffer is short, a varint of 20 bytes becomes a float, a union index out of range throws a
 * TypeError from deep inside. This walker follows the writer's schema with cheap checks — every length, block count
 * and varint is bounded by the bytes that are actually left — so after it passes, avsc's decode is linear in the input
 * size. Its failures carry a `reason` the codec turns into a ContractDecodingError.
 */
export type MalformedReason = 'truncated' | 'trailing-bytes' | 'invalid-value';

export class MalformedAvroError extends Error {
  constructor(
    readonly reason: MalformedReason,
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'MalformedAvroError';
  }
}

/** Items of zero encoded size (null, empty records) can't be bounded by the input size: cap them per block. */
const MAX_ZERO_SIZE_ITEMS_PER_BLOCK = 1024;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const STRING_TYPE = Type.forSchema('string');

class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  fail(reason: MalformedReason, message: string): never {
    throw new MalformedAvroError(reason, `${message} at byte ${this.pos}`, this.pos);
  }

  take(n: number): number {
    if (n > this.remaining) this.fail('truncated', `needs ${n} bytes, ${this.remaining} left`);
    const start = this.pos;
    this.pos += n;
    return start;
  }

  /** Zig-zag varint, at most 10 bytes, within JS safe integers (as avsc requires for longs). */
  varlong(): number {
    let raw = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i >= 10) this.fail('invalid-value', 'varint longer than 10 bytes');
      if (this.pos >= this.buf.length) this.fail('truncated', 'varint runs past the end');
      const b = this.buf[this.pos++];
      raw |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    const n = raw & 1n ? -((raw + 1n) >> 1n) : raw >> 1n;
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.fail('invalid-value', 'long outside the safe integer range');
    }
    return Number(n);
  }

  length(what: string): number {
    const len = this.varlong();
    if (len < 0) this.fail('invalid-value', `negative ${what} length`);
    if (len > this.remaining) this.fail('truncated', `${what} length ${len} exceeds the ${this.remaining} bytes left`);
    return len;
  }
}

function minEncodedSize(type: Type, seen = new Set<Type>()): number {
  if (seen.has(type)) return 1;
  seen.add(type);
  switch (type.typeName) {
    case 'null':
      return 0;
    case 'fixed':
      return (type as types.FixedType).size;
    case 'float':
      return 4;
    case 'double':
      return 8;
    case 'record':
    case 'error':
      return (type as types.RecordType).fields.reduce((sum, f) => sum + minEncodedSize(f.type, seen), 0);
    default:
      if (Type.isType(type, 'logical')) return minEncodedSize((type as types.LogicalType).underlyingType, seen);
      return 1;
  }
}

function scan(type: Type, c: Cursor): void {
  const name = type.typeName;
  switch (name) {
    case 'null':
      return;
    case 'boolean': {
      const at = c.take(1);
      if (c.buf[at] > 1) c.fail('invalid-value', 'boolean byte is neither 0 nor 1');
      return;
    }
    case 'int': {
      const n = c.varlong();
      if (n < INT_MIN || n > INT_MAX) c.fail('invalid-value', 'int outside 32 bits');
      return;
    }
    case 'long':
      c.varlong();
      return;
    case 'float':
      c.take(4);
      return;
    case 'double':
      c.take(8);
      return;
    case 'bytes':
      c.take(c.length('bytes'));
      return;
    case 'string': {
      const len = c.length('string');
      const at = c.take(len);
      try {
        utf8.decode(c.buf.subarray(at, at + len));
      } catch {
        c.fail('invalid-value', 'string is not valid UTF-8');
      }
      return;
    }
    case 'fixed':
      c.take((type as types.FixedType).size);
      return;
    case 'enum': {
      const i = c.varlong();
      if (i < 0 || i >= (type as types.EnumType).symbols.length) c.fail('invalid-value', `enum index ${i} out of range`);
      return;
    }
    case 'array':
    case 'map': {
      const item: Type = name === 'array' ? (type as types.ArrayType).itemsType : (type as types.MapType).valuesType;
      const itemMin = minEncodedSize(item) + (name === 'map' ? 1 : 0);
      for (;;) {
        let count = c.varlong();
        if (count === 0) return;
        if (count < 0) {
          count = -count;
          const size = c.varlong();
          if (size < 0 || size > c.remaining) c.fail('truncated', `block size ${size} exceeds the bytes left`);
        }
        const limit = itemMin === 0 ? MAX_ZERO_SIZE_ITEMS_PER_BLOCK : Math.floor(c.remaining / itemMin);
        if (count > limit) c.fail('truncated', `block of ${count} items can't fit in the ${c.remaining} bytes left`);
        for (let i = 0; i < count; i++) {
          if (name === 'map') scan(STRING_TYPE, c);
          scan(item, c);
        }
      }
    }
    case 'record':
    case 'error':
      for (const field of (type as types.RecordType).fields) scan(field.type as Type, c);
      return;
    default:
      if (Type.isType(type, 'union')) {
        const branches = (type as types.UnwrappedUnionType).types;
        const i = c.varlong();
        if (i < 0 || i >= branches.length) c.fail('invalid-value', `union index ${i} out of range`);
        scan(branches[i], c);
        return;
      }
      if (Type.isType(type, 'logical')) {
        scan((type as types.LogicalType).underlyingType, c);
        return;
      }
      c.fail('invalid-value', `unsupported Avro type ${name}`);
  }
}

/** Throws MalformedAvroError unless `buf` is exactly one well-formed value of `writerType` (no trailing bytes). */
export function assertWellFormed(writerType: Type, buf: Buffer): void {
  const c = new Cursor(buf);
  scan(writerType, c);
  if (c.remaining !== 0) c.fail('trailing-bytes', `${c.remaining} trailing bytes`);
}
