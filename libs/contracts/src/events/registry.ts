import { Schema, Type } from 'avsc';
import { parseSchema } from '../avro/parse-schema';
import { TopicKey } from '../catalog/topic-catalog';
import { AVSC_SOURCES } from '../schemas/avsc-sources.generated';
import { EventType } from './payloads';

/**
 * Which topic carries each event (or command) and its latest schema version. Adding an event: write
 * `src/schemas/<topic>/<EventType>.v1.avsc`, regenerate the schema module
 * (`node libs/contracts/tools/generate-avsc-module.mjs`), add its payload interface to `payloads.ts` and a line here.
 * Evolving one: add `<EventType>.v<N+1>.avsc` (new fields with defaults only) and bump `latest`; the compatibility
 * tests pick it up from this table.
 */
const EVENT_DEFINITIONS = {
  // afiliados.eventos — key afiliado_id
  AfiliadoRegistrado: { topic: 'afiliados.eventos', latest: 2 },
  AfiliadoActivado: { topic: 'afiliados.eventos', latest: 1 },
  AfiliadoSuspendido: { topic: 'afiliados.eventos', latest: 1 },
  AfiliadoReactivado: { topic: 'afiliados.eventos', latest: 1 },
  ConfiguracionComisionesActualizada: { topic: 'afiliados.eventos', latest: 1 },
  // marketing.eventos — key campana_id
  CampanaCreada: { topic: 'marketing.eventos', latest: 1 },
  CampanaActivada: { topic: 'marketing.eventos', latest: 1 },
  CampanaPausada: { topic: 'marketing.eventos', latest: 1 },
  CampanaFinalizada: { topic: 'marketing.eventos', latest: 1 },
  AfiliadoAsignadoACampana: { topic: 'marketing.eventos', latest: 1 },
  AfiliadoRetiradoDeCampana: { topic: 'marketing.eventos', latest: 1 },
  PresupuestoAgotado: { topic: 'marketing.eventos', latest: 1 },
  // conversiones.eventos — key aggregate id
  ImpresionRegistrada: { topic: 'conversiones.eventos', latest: 1 },
  ClickRegistrado: { topic: 'conversiones.eventos', latest: 1 },
  ConversionRegistrada: { topic: 'conversiones.eventos', latest: 1 },
  ConversionValidada: { topic: 'conversiones.eventos', latest: 2 },
  ConversionRechazada: { topic: 'conversiones.eventos', latest: 1 },
  ConversionRevertida: { topic: 'conversiones.eventos', latest: 1 },
  // comisiones.eventos — key afiliado_id
  ComisionCalculada: { topic: 'comisiones.eventos', latest: 1 },
  ComisionAprobada: { topic: 'comisiones.eventos', latest: 1 },
  ComisionRechazada: { topic: 'comisiones.eventos', latest: 1 },
  ComisionRevertida: { topic: 'comisiones.eventos', latest: 1 },
  PagoProgramado: { topic: 'comisiones.eventos', latest: 1 },
  PagoRealizado: { topic: 'comisiones.eventos', latest: 1 },
  PagoFallido: { topic: 'comisiones.eventos', latest: 1 },
  // auditoria.eventos — key aggregate id
  AccionRegistrada: { topic: 'auditoria.eventos', latest: 1 },
  // sistema.eventos — key service name
  ServicioIniciado: { topic: 'sistema.eventos', latest: 1 },
  ServicioDetenido: { topic: 'sistema.eventos', latest: 1 },
  AlertaDisparada: { topic: 'sistema.eventos', latest: 1 },
  // tracking.comandos (alpes/comandos) — key campana_id; asynchronous commands of the conversiones HTTP layer
  RegistrarImpresion: { topic: 'tracking.comandos', latest: 1 },
  RegistrarClick: { topic: 'tracking.comandos', latest: 1 },
  RegistrarConversion: { topic: 'tracking.comandos', latest: 1 },
  RevertirConversion: { topic: 'tracking.comandos', latest: 1 },
} as const satisfies { readonly [E in EventType]: { readonly topic: TopicKey; readonly latest: number } };

export interface EventRegistryEntry<E extends EventType = EventType> {
  readonly eventType: E;
  readonly topic: TopicKey;
  /** Latest schema version: what encodeEvent writes by default and what decodeEvent resolves to. */
  readonly latest: number;
  /** Parsed avsc type of every version 1..latest. */
  readonly versions: Readonly<Record<number, Type>>;
  /** JSON of every version's `.avsc` file. */
  readonly schemas: Readonly<Record<number, Schema>>;
  /** Path of every version's `.avsc` file, relative to `libs/contracts/src/schemas`. */
  readonly files: Readonly<Record<number, string>>;
}

export type EventRegistry = { readonly [E in EventType]: EventRegistryEntry<E> };

/** `<topic>/<EventType>.v<N>.avsc`, relative to `libs/contracts/src/schemas`. */
export function schemaFileOf(topic: TopicKey, eventType: string, version: number): string {
  return `${topic}/${eventType}.v${version}.avsc`;
}

function buildEntry<E extends EventType>(eventType: E, topic: TopicKey, latest: number): EventRegistryEntry<E> {
  const versions: Record<number, Type> = {};
  const schemas: Record<number, Schema> = {};
  const files: Record<number, string> = {};
  for (let v = 1; v <= latest; v++) {
    const file = schemaFileOf(topic, eventType, v);
    const schema = AVSC_SOURCES[file] as Schema | undefined;
    if (schema === undefined) {
      throw new Error(`@alpes/contracts: missing schema file src/schemas/${file} (regenerate the schema module?)`);
    }
    schemas[v] = schema;
    versions[v] = parseSchema(schema);
    files[v] = file;
  }
  return Object.freeze({
    eventType,
    topic,
    latest,
    versions: Object.freeze(versions),
    schemas: Object.freeze(schemas),
    files: Object.freeze(files),
  });
}

function buildRegistry(): EventRegistry {
  // Null prototype: `'constructor' in EVENT_REGISTRY` is false, so `in` checks are safe too.
  const registry: Partial<Record<EventType, EventRegistryEntry>> = Object.create(null);
  for (const [eventType, def] of Object.entries(EVENT_DEFINITIONS) as [EventType, { topic: TopicKey; latest: number }][]) {
    registry[eventType] = buildEntry(eventType, def.topic, def.latest);
  }
  return Object.freeze(registry) as EventRegistry;
}

/** eventType → { topic, versions: { [n]: avsc Type }, latest }. */
export const EVENT_REGISTRY: EventRegistry = buildRegistry();

/** Every event (and command) type this build knows. */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(EVENT_DEFINITIONS) as EventType[]);

/** True when this build knows `eventType` (safe against prototype keys such as "constructor"). */
export function isKnownEventType(eventType: string): eventType is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_DEFINITIONS, eventType);
}

/** The topic an event (or command) is published on. */
export function topicOfEvent(eventType: EventType): TopicKey {
  if (!isKnownEventType(eventType)) throw new Error(`@alpes/contracts: unknown event type ${JSON.stringify(eventType)}`);
  return EVENT_DEFINITIONS[eventType].topic;
}

/** The event types a topic carries (e.g. to build a consumer's handler table). */
export function eventTypesOfTopic(topic: TopicKey): EventType[] {
  return EVENT_TYPES.filter((e) => EVENT_DEFINITIONS[e].topic === topic);
}
