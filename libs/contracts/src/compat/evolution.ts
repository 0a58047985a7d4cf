import { Schema, Type, types } from 'avsc';
import { DecimalType } from '../avro/decimal';
import { parseSchema } from '../avro/parse-schema';

/**
 * Schema evolution rules of DESIGN.md §3, checked two ways:
 *  1. `checkSchemaEvolution` — the project's rules, stricter than Avro's: a field present in the previous version
 *     must exist in the next one with the SAME type (no rename, no retype, not even an Avro "promotion" such as
 *     int → long, and no removal); a new field must have a default; the record keeps its full name.
 *  2. `checkResolvers` — Avro schema resolution in both directions with avsc: the new version reads data written
 *     by the previous one (backward) and the previous one reads data written by the new one (forward).
 * `checkCompatibility` runs both. The compatibility spec runs it on every pair of versions of every event.
 */
function asType(schema: Schema | Type): Type {
  return Type.isType(schema) ? (schema as Type) : parseSchema(schema);
}

function describe(type: Type): string {
  if (type instanceof DecimalType) return `decimal(${type.precision},${type.scale})`;
  if (Type.isType(type, 'union')) return `[${(type as types.UnwrappedUnionType).types.map(describe).join(', ')}]`;
  if (Type.isType(type, 'logical')) return `${type.typeName}<${describe((type as types.LogicalType).underlyingType)}>`;
  if (type.typeName === 'array') return `array<${describe((type as types.ArrayType).itemsType)}>`;
  if (type.typeName === 'map') return `map<${describe((type as types.MapType).valuesType as Type)}>`;
  return type.name ?? type.typeName;
}

function compareTypes(prev: Type, next: Type, path: string, out: string[]): void {
  const where = path || '(root)';
  if (prev.typeName !== next.typeName) {
    out.push(`${where}: type changed from ${describe(prev)} to ${describe(next)}`);
    return;
  }
  if (prev instanceof DecimalType && next instanceof DecimalType) {
    if (prev.precision !== next.precision || prev.scale !== next.scale) {
      out.push(`${where}: type changed from ${describe(prev)} to ${describe(next)}`);
    }
    return;
  }
  if (Type.isType(prev, 'logical')) {
    compareTypes((prev as types.LogicalType).underlyingType, (next as types.LogicalType).underlyingType, path, out);
    return;
  }
  if (Type.isType(prev, 'union')) {
    const a = (prev as types.UnwrappedUnionType).types;
    const b = (next as types.UnwrappedUnionType).types;
    if (a.length !== b.length) {
      out.push(`${where}: type changed from ${describe(prev)} to ${describe(next)}`);
      return;
    }
    a.forEach((t, i) => compareTypes(t, b[i], path, out));
    return;
  }
  switch (prev.typeName) {
    case 'record':
    case 'error': {
      if (prev.name !== next.name) out.push(`${where}: record renamed from ${prev.name} to ${next.name}`);
      const nextFields = new Map((next as types.RecordType).fields.map((f) => [f.name, f]));
      const prevNames = new Set<string>();
      for (const f of (prev as types.RecordType).fields) {
        prevNames.add(f.name);
        const fieldPath = path ? `${path}.${f.name}` : f.name;
        const nf = nextFields.get(f.name);
        if (!nf) out.push(`${fieldPath}: field removed or renamed`);
        else compareTypes(f.type, nf.type, fieldPath, out);
      }
      for (const nf of (next as types.RecordType).fields) {
        if (!prevNames.has(nf.name) && nf.defaultValue() === undefined) {
          out.push(`${path ? `${path}.${nf.name}` : nf.name}: new field without a default`);
        }
      }
      return;
    }
    case 'array':
      compareTypes((prev as types.ArrayType).itemsType, (next as types.ArrayType).itemsType, `${path}[]`, out);
      return;
    case 'map':
      compareTypes((prev as types.MapType).valuesType as Type, (next as types.MapType).valuesType as Type, `${path}{}`, out);
      return;
    case 'enum': {
      const nextSymbols = new Set((next as types.EnumType).symbols);
      const missing = (prev as types.EnumType).symbols.filter((s) => !nextSymbols.has(s));
      if (missing.length > 0) out.push(`${where}: enum symbols removed: ${missing.join(', ')}`);
      if (prev.name !== next.name) out.push(`${where}: enum renamed from ${prev.name} to ${next.name}`);
      return;
    }
    case 'fixed':
      if ((prev as types.FixedType).size !== (next as types.FixedType).size || prev.name !== next.name) {
        out.push(`${where}: type changed from ${describe(prev)} to ${describe(next)}`);
      }
      return;
    default:
      return; // same primitive
  }
}

/** Violations of the project's evolution rules going from `previous` to `next` (empty when the change is allowed). */
export function checkSchemaEvolution(previous: Schema | Type, next: Schema | Type): string[] {
  const out: string[] = [];
  compareTypes(asType(previous), asType(next), '', out);
  return out;
}

/** Avro resolution both ways: next reads previous (backward) and previous reads next (forward). */
export function checkResolvers(previous: Schema | Type, next: Schema | Type): string[] {
  const prev = asType(previous);
  const nxt = asType(next);
  const out: string[] = [];
  try {
    nxt.createResolver(prev);
  } catch (err) {
    out.push(`backward: the new version cannot read data of the previous one: ${(err as Error).message}`);
  }
  try {
    prev.createResolver(nxt);
  } catch (err) {
    out.push(`forward: the previous version cannot read data of the new one: ${(err as Error).message}`);
  }
  return out;
}

/** Both checks; empty when `next` is a valid evolution of `previous`. */
export function checkCompatibility(previous: Schema | Type, next: Schema | Type): string[] {
  return [...checkSchemaEvolution(previous, next), ...checkResolvers(previous, next)];
}
