import { Schema, Type } from 'avsc';
import { parseSchema } from '../avro/parse-schema';
import { EventType } from '../events/payloads';
import { EVENT_REGISTRY, EVENT_TYPES } from '../events/registry';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { checkCompatibility, checkResolvers, checkSchemaEvolution } from './evolution';

/**
 * DESIGN.md §3: "A test proves, for every event, that each version reads data written by the previous one and the
 * other way round." Iterates EVENT_REGISTRY, so an event or version added later is covered without touching this file.
 */
type RecordSchema = { type: 'record'; name: string; namespace?: string; fields: Record<string, unknown>[] };

const RANDOM_VALUES_PER_DIRECTION = 25;

function fieldNames(type: Type): string[] {
  return (type as unknown as { fields: { name: string }[] }).fields.map((f) => f.name);
}

function defaults(type: Type): Record<string, unknown> {
  return Object.fromEntries(
    (type as unknown as { fields: { name: string; defaultValue(): unknown }[] }).fields.map((f) => [f.name, f.defaultValue()]),
  );
}

const pairs: [EventType, number, number][] = EVENT_TYPES.flatMap((e) => {
  const out: [EventType, number, number][] = [];
  for (let newer = 2; newer <= EVENT_REGISTRY[e].latest; newer++) {
    for (let older = 1; older < newer; older++) out.push([e, older, newer]);
  }
  return out;
});

describe('schema evolution of every event (iterates EVENT_REGISTRY)', () => {
  it('has at least one real evolution', () => {
    expect(pairs.map(([e, a, b]) => `${e} v${a}→v${b}`)).toEqual(
      expect.arrayContaining(['AfiliadoRegistrado v1→v2', 'ConversionValidada v1→v2']),
    );
  });

  it.each(EVENT_TYPES.map((e) => [e]))('%s: every version keeps the record name and has a schema file', (e: EventType) => {
    const entry = EVENT_REGISTRY[e];
    for (let v = 1; v <= entry.latest; v++) {
      expect(entry.versions[v]).toBeDefined();
      expect(entry.versions[v].name).toBe(entry.versions[1].name);
    }
  });

  if (pairs.length > 0) {
    describe.each(pairs)('%s v%i → v%i', (eventType, older, newer) => {
      const entry = EVENT_REGISTRY[eventType];
      const oldType = entry.versions[older];
      const newType = entry.versions[newer];
      const sample = SAMPLE_PAYLOADS[eventType] as Record<string, unknown>;

      it('follows the evolution rules (no rename, no retype, no removal, new fields have defaults)', () => {
        expect(checkCompatibility(entry.schemas[older], entry.schemas[newer])).toEqual([]);
      });

      it('backward: the new version reads data written by the old one (new fields take their defaults)', () => {
        const resolver = newType.createResolver(oldType);
        const written = oldType.toBuffer(sample);
        const read = newType.fromBuffer(written, resolver) as Record<string, unknown>;
        const oldFields = new Set(fieldNames(oldType));
        const defs = defaults(newType);
        for (const name of fieldNames(newType)) {
          expect({ name, value: read[name] }).toEqual({ name, value: oldFields.has(name) ? sample[name] : defs[name] });
        }
        for (let i = 0; i < RANDOM_VALUES_PER_DIRECTION; i++) {
          const value = oldType.random() as unknown as Record<string, unknown>;
          const back = newType.fromBuffer(oldType.toBuffer(value), resolver) as Record<string, unknown>;
          for (const name of oldFields) expect(back[name]).toEqual(value[name]);
        }
      });

      it('forward: the old version reads data written by the new one (ignores the new fields)', () => {
        const resolver = oldType.createResolver(newType);
        const read = oldType.fromBuffer(newType.toBuffer(sample), resolver) as Record<string, unknown>;
        expect(Object.keys(read).sort()).toEqual(fieldNames(oldType).sort());
        for (const name of fieldNames(oldType)) expect({ name, value: read[name] }).toEqual({ name, value: sample[name] });
        for (let i = 0; i < RANDOM_VALUES_PER_DIRECTION; i++) {
          const value = newType.random() as unknown as Record<string, unknown>;
          const back = oldType.fromBuffer(newType.toBuffer(value), resolver) as Record<string, unknown>;
          for (const name of fieldNames(oldType)) expect(back[name]).toEqual(value[name]);
        }
      });
    });
  }
});

describe('the compatibility check is real (it rejects bad evolutions)', () => {
  const v1 = EVENT_REGISTRY.AfiliadoRegistrado.schemas[1] as unknown as RecordSchema;
  const withFields = (fields: Record<string, unknown>[]): Schema => ({ ...v1, fields } as unknown as Schema);
  const replace = (name: string, field: Record<string, unknown>) => v1.fields.map((f) => (f['name'] === name ? field : f));

  it('accepts the real v2 and a no-op', () => {
    expect(checkCompatibility(v1 as unknown as Schema, EVENT_REGISTRY.AfiliadoRegistrado.schemas[2])).toEqual([]);
    expect(checkCompatibility(v1 as unknown as Schema, v1 as unknown as Schema)).toEqual([]);
  });

  it('rejects a renamed field (email → correo)', () => {
    const renamedWithDefault = withFields(replace('email', { name: 'correo', type: 'string', default: '' }));
    expect(checkCompatibility(v1 as unknown as Schema, renamedWithDefault)).toEqual([
      'email: field removed or renamed',
      expect.stringMatching(/^forward: .*email/),
    ]);
    const renamedNoDefault = withFields(replace('email', { name: 'correo', type: 'string' }));
    const issues = checkCompatibility(v1 as unknown as Schema, renamedNoDefault);
    expect(issues).toEqual(
      expect.arrayContaining([
        'email: field removed or renamed',
        'correo: new field without a default',
        expect.stringMatching(/^backward/),
      ]),
    );
  });

  it('rejects renaming a field that has a default, which plain Avro resolution accepts (pais → country)', () => {
    const v2 = EVENT_REGISTRY.AfiliadoRegistrado.schemas[2] as unknown as RecordSchema;
    const v3 = { ...v2, fields: v2.fields.map((f) => (f['name'] === 'pais' ? { ...f, name: 'country' } : f)) } as unknown as Schema;
    expect(checkResolvers(v2 as unknown as Schema, v3)).toEqual([]); // Avro alone does not notice (both have defaults)…
    expect(checkSchemaEvolution(v2 as unknown as Schema, v3)).toEqual(['pais: field removed or renamed']); // …the rules do
  });

  it('rejects a retyped field (nombre string → int) both by rule and by resolution', () => {
    const retyped = withFields(replace('nombre', { name: 'nombre', type: 'int' }));
    const issues = checkCompatibility(v1 as unknown as Schema, retyped);
    expect(issues).toEqual(
      expect.arrayContaining(['nombre: type changed from string to int', expect.stringMatching(/^backward/), expect.stringMatching(/^forward/)]),
    );
  });

  it('rejects an Avro "promotion" (int → long) that only works one way', () => {
    const campana = EVENT_REGISTRY.CampanaCreada.schemas[1] as unknown as RecordSchema;
    const promoted = {
      ...campana,
      fields: campana.fields.map((f) => (f['name'] === 'ventana_atribucion_dias' ? { ...f, type: 'long' } : f)),
    } as unknown as Schema;
    const issues = checkCompatibility(campana as unknown as Schema, promoted);
    expect(issues).toEqual(
      expect.arrayContaining(['ventana_atribucion_dias: type changed from int to long', expect.stringMatching(/^forward/)]),
    );
  });

  it('rejects a changed decimal scale, a nested retype and a removed field', () => {
    const scale = withFields(
      replace('configuracion_comisiones', {
        name: 'configuracion_comisiones',
        type: {
          type: 'record',
          name: 'ConfiguracionComisiones',
          fields: [
            { name: 'comision_base', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
            { name: 'comision_premium', type: ['null', 'string'], default: null },
          ],
        },
      }),
    );
    expect(checkSchemaEvolution(v1 as unknown as Schema, scale)).toEqual([
      'configuracion_comisiones.comision_base: type changed from decimal(9,4) to decimal(9,2)',
      'configuracion_comisiones.comision_premium: type changed from decimal(9,4) to string',
    ]);
    const removed = withFields(v1.fields.filter((f) => f['name'] !== 'estado'));
    expect(checkSchemaEvolution(v1 as unknown as Schema, removed)).toEqual(['estado: field removed or renamed']);
  });

  it('rejects a renamed record', () => {
    const renamed = { ...v1, name: 'AfiliadoCreado' } as unknown as Schema;
    expect(checkSchemaEvolution(v1 as unknown as Schema, renamed)).toEqual([
      '(root): record renamed from com.alpespartners.contracts.afiliados.AfiliadoRegistrado to com.alpespartners.contracts.afiliados.AfiliadoCreado',
    ]);
    expect(checkResolvers(v1 as unknown as Schema, renamed).length).toBeGreaterThan(0);
  });

  it('a bad v2 registered for a real event would fail the per-event test above', () => {
    // Same assertion the per-event test makes, applied to a broken version: it must not be empty.
    const bad = parseSchema(withFields(replace('email', { name: 'email', type: ['null', 'string'], default: null })));
    expect(checkCompatibility(v1 as unknown as Schema, bad)).not.toEqual([]);
  });
});
