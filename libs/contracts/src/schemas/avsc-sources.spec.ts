import * as fs from 'node:fs';
import * as path from 'node:path';
import { Schema } from 'avsc';
import { parseSchema } from '../avro/parse-schema';
import { TOPICS, TopicKey } from '../catalog/topic-catalog';
import { ENVELOPE_SCHEMA, ENVELOPE_TYPE } from '../envelope/envelope';
import { EVENT_REGISTRY, EVENT_TYPES, schemaFileOf } from '../events/registry';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { AVSC_SOURCES } from './avsc-sources.generated';

const SCHEMAS_DIR = __dirname;

function listAvsc(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) return listAvsc(path.join(dir, e.name), rel);
      return e.name.endsWith('.avsc') ? [rel] : [];
    })
    .sort();
}

const FILES = listAvsc(SCHEMAS_DIR);

describe('.avsc files and the generated module', () => {
  it('the generated module embeds exactly the .avsc files (else run node libs/contracts/tools/generate-avsc-module.mjs)', () => {
    expect(Object.keys(AVSC_SOURCES).sort()).toEqual(FILES);
    for (const file of FILES) {
      expect({ file, schema: AVSC_SOURCES[file] }).toEqual({
        file,
        schema: JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, file), 'utf8')),
      });
    }
  });

  it('envelope.avsc is the Envelope of DESIGN.md §3', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'envelope.avsc'), 'utf8'));
    expect(ENVELOPE_SCHEMA).toEqual(schema);
    expect(schema.type).toBe('record');
    expect(schema.name).toBe('Envelope');
    expect(schema.namespace).toBe('com.alpespartners.contracts');
    expect(schema.fields.map((f: { name: string; type: unknown; default?: unknown }) => [f.name, f.type, f.default])).toEqual([
      ['event_id', 'string', undefined],
      ['event_type', 'string', undefined],
      ['schema_version', 'int', undefined],
      ['occurred_at', { type: 'long', logicalType: 'timestamp-millis' }, undefined],
      ['aggregate_id', 'string', undefined],
      ['producer', 'string', undefined],
      ['correlation_id', ['null', 'string'], null],
      ['causation_id', ['null', 'string'], null],
      ['payload', 'bytes', undefined],
    ]);
    expect(ENVELOPE_TYPE.name).toBe('com.alpespartners.contracts.Envelope');
  });

  it('every payload file is <topic>/<EventType>.v<N>.avsc of a registered event, and the other way round', () => {
    const registered = EVENT_TYPES.flatMap((e) => Object.values(EVENT_REGISTRY[e].files));
    expect([...registered, 'envelope.avsc'].sort()).toEqual(FILES);
    for (const e of EVENT_TYPES) {
      const entry = EVENT_REGISTRY[e];
      expect(TOPICS[entry.topic].format).toBe('avro-envelope');
      for (let v = 1; v <= entry.latest; v++) {
        const file = schemaFileOf(entry.topic, e, v);
        const schema = AVSC_SOURCES[file] as { type: string; name: string };
        expect({ file, type: schema.type, name: schema.name }).toEqual({ file, type: 'record', name: e });
      }
    }
  });

  it('covers the whole DESIGN.md §3 catalog plus the tracking.comandos commands', () => {
    const byTopic = (t: TopicKey) => EVENT_TYPES.filter((e) => EVENT_REGISTRY[e].topic === t).sort();
    expect(byTopic('afiliados.eventos')).toEqual(
      ['AfiliadoActivado', 'AfiliadoReactivado', 'AfiliadoRegistrado', 'AfiliadoSuspendido', 'ConfiguracionComisionesActualizada'].sort(),
    );
    expect(byTopic('marketing.eventos')).toEqual(
      [
        'CampanaCreada',
        'CampanaActivada',
        'CampanaPausada',
        'CampanaFinalizada',
        'AfiliadoAsignadoACampana',
        'AfiliadoRetiradoDeCampana',
        'PresupuestoAgotado',
      ].sort(),
    );
    expect(byTopic('conversiones.eventos')).toEqual(
      ['ImpresionRegistrada', 'ClickRegistrado', 'ConversionRegistrada', 'ConversionValidada', 'ConversionRechazada', 'ConversionRevertida'].sort(),
    );
    expect(byTopic('comisiones.eventos')).toEqual(
      ['ComisionCalculada', 'ComisionAprobada', 'ComisionRechazada', 'ComisionRevertida', 'PagoProgramado', 'PagoRealizado', 'PagoFallido'].sort(),
    );
    expect(byTopic('auditoria.eventos')).toEqual(['AccionRegistrada']);
    expect(byTopic('sistema.eventos')).toEqual(['ServicioIniciado', 'ServicioDetenido', 'AlertaDisparada'].sort());
    expect(byTopic('tracking.comandos')).toEqual(['RegistrarImpresion', 'RegistrarClick', 'RegistrarConversion', 'RevertirConversion'].sort());
  });

  describe.each(FILES.filter((f) => f !== 'envelope.avsc'))('%s', (file) => {
    const schema = AVSC_SOURCES[file] as { name: string; fields: { name: string; type: unknown; default?: unknown }[] };
    const eventType = schema.name as keyof typeof SAMPLE_PAYLOADS;

    it('loads with avsc and round-trips the sample payload', () => {
      const type = parseSchema(schema as unknown as Schema);
      const sample = SAMPLE_PAYLOADS[eventType];
      expect(type.isValid(sample)).toBe(true);
      const decoded = type.fromBuffer(type.toBuffer(sample));
      const expected = Object.fromEntries(schema.fields.map((f) => [f.name, (sample as Record<string, unknown>)[f.name]]));
      expect(decoded).toEqual(expected);
    });

    it('nullable fields are ["null", T] with default null; money and percentages are decimals', () => {
      const walk = (fields: { name: string; type: unknown; default?: unknown }[]) => {
        for (const f of fields) {
          if (Array.isArray(f.type)) {
            expect({ field: f.name, first: f.type[0], len: f.type.length, default: f.default }).toEqual({
              field: f.name,
              first: 'null',
              len: 2,
              default: null,
            });
          }
          const inner = Array.isArray(f.type) ? f.type[1] : f.type;
          if (['presupuesto', 'presupuesto_disponible', 'valor', 'valor_conversion', 'monto', 'base'].includes(f.name) && eventType !== 'AlertaDisparada') {
            expect({ field: f.name, type: inner }).toEqual({
              field: f.name,
              type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 },
            });
          }
          if (['comision_base', 'comision_premium', 'porcentaje'].includes(f.name)) {
            expect({ field: f.name, type: inner }).toEqual({
              field: f.name,
              type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 4 },
            });
          }
          const t = inner as { type?: string; fields?: typeof fields; items?: { type?: string; fields?: typeof fields } };
          if (t && t.type === 'record' && t.fields) walk(t.fields);
          if (t && t.type === 'array' && t.items && t.items.type === 'record' && t.items.fields) walk(t.items.fields);
        }
      };
      walk(schema.fields);
      const names = schema.fields.map((f) => f.name);
      if (names.some((n) => ['presupuesto', 'valor', 'valor_conversion', 'monto'].includes(n)) && eventType !== 'AlertaDisparada') {
        expect(names).toContain('moneda');
      }
    });
  });

  it('the sample of every event has exactly the fields of its latest schema', () => {
    for (const e of EVENT_TYPES) {
      const entry = EVENT_REGISTRY[e];
      const fields = (entry.schemas[entry.latest] as { fields: { name: string }[] }).fields.map((f) => f.name).sort();
      expect({ e, keys: Object.keys(SAMPLE_PAYLOADS[e]).sort() }).toEqual({ e, keys: fields });
      expect(entry.versions[entry.latest].isValid(SAMPLE_PAYLOADS[e], { noUndeclaredFields: true })).toBe(true);
    }
  });
});
