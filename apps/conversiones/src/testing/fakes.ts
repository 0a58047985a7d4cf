// In-memory fakes of the application ports, for unit tests only (excluded from the build).
import type { AggregateRoot, DomainEvent } from '@alpes/seedwork';
import type { ReceivedEvent } from '@alpes/messaging';
import type { ClickAtribuible } from '../domain/atribucion/atribucion.policy';
import { Conversion } from '../domain/conversion/conversion.aggregate';
import type { ConversionEvent } from '../domain/conversion/events/conversion.events';
import type { AfiliadoProyeccion, EstadoAfiliado } from '../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion, EstadoCampana } from '../domain/proyecciones/campana-proyeccion';
import { Click } from '../domain/tracking/click.aggregate';
import { ClickRegistrado } from '../domain/tracking/tracking.events';
import type { ClickConocido, ClicksConocidos } from '../application/ports/clicks-conocidos.port';
import type { ColaIngesta, ComandoIngesta, ResultadoIngesta } from '../application/ports/cola-ingesta.port';
import type { ConversionAceptada, ConversionesLectura } from '../application/ports/conversiones-lectura.port';
import type { DatosCampanaCreada, ProyeccionesCache, ProyeccionesStore, ProyeccionesStoreFactory } from '../application/ports/proyecciones.port';
import type { ConversionPendiente, CubetaClicks, TrackingStore, TrackingStoreFactory } from '../application/ports/tracking-store.port';
import type { ConversionesConfig } from '../application/conversiones.config';

export const CONFIG: ConversionesConfig = {
  graciaClickMs: 30_000,
  umbralClicksPorIpMinuto: 3,
  ingestaEsperaMs: 0,
  ingestaLote: 10,
  ingestaConcurrencia: 1,
  ingestaMaxEnCola: 100,
  procesadorLote: 500,
  procesadorEsperaMs: 0,
  procesadorConsumidores: 1,
  pendientesIntervaloMs: 1000,
  proyeccionesRefrescoMs: 1000,
  relayLote: 1000,
  outboxRetencionDias: 1,
  admisionUmbralTracking: 1_000,
  admisionUmbralDinero: 4_000,
  admisionMuestreoMs: 1_000,
};

export interface EventoGuardado {
  aggregateId: string;
  version: number;
  evento: DomainEvent<object>;
  publicado: boolean;
}

/** The event store, lookup tables and projections of the processor, in memory. */
export class TrackingStoreEnMemoria implements TrackingStore, TrackingStoreFactory {
  eventos: EventoGuardado[] = [];
  clicks = new Map<string, ClickAtribuible>();
  contadores = new Map<string, number>();
  referencias = new Map<string, string>();
  pendientes = new Map<string, ConversionPendiente>();
  campanas = new Map<string, CampanaProyeccion>();
  afiliados = new Map<string, AfiliadoProyeccion>();
  /** Calls per method, to check that a batch uses a handful of statements. */
  llamadas: Record<string, number> = {};

  en(): TrackingStore {
    return this;
  }

  private llamada(nombre: string): void {
    this.llamadas[nombre] = (this.llamadas[nombre] ?? 0) + 1;
  }

  async existentes(ids: readonly string[]): Promise<Set<string>> {
    this.llamada('existentes');
    const conStream = new Set(this.eventos.map((e) => e.aggregateId));
    return new Set(ids.filter((id) => conStream.has(id)));
  }

  async contarClicks(cubetas: readonly CubetaClicks[]): Promise<number[]> {
    this.llamada('contarClicks');
    return cubetas.map((c) => {
      const clave = `${c.campanaId}|${c.ip}|${c.minuto}`;
      const previos = this.contadores.get(clave) ?? 0;
      this.contadores.set(clave, previos + c.cantidad);
      return previos;
    });
  }

  async registrarClicks(clicks: readonly Click[]): Promise<void> {
    this.llamada('registrarClicks');
    for (const click of clicks) {
      const p = (click.pendingEvents[0] as ClickRegistrado).payload;
      this.clicks.set(click.id, {
        id: click.id,
        campanaId: p.campana_id,
        afiliadoId: p.afiliado_id,
        usuarioId: p.usuario_id,
        timestamp: p.timestamp,
        fraudulento: click.fraudulento,
      });
    }
  }

  async cargarConversiones(ids: readonly string[]): Promise<Map<string, Conversion>> {
    this.llamada('cargarConversiones');
    const out = new Map<string, Conversion>();
    for (const id of ids) {
      const stream = this.eventos.filter((e) => e.aggregateId === id).map((e) => e.evento as ConversionEvent);
      if (stream.length > 0) out.set(id, Conversion.desdeHistorial(id, stream));
    }
    return out;
  }

  async reservarReferencia(campanaId: string, referencia: string, conversionId: string): Promise<void> {
    const clave = `${campanaId}|${referencia}`;
    if (this.referencias.has(clave)) throw new Error(`duplicate reference ${clave}`);
    this.referencias.set(clave, conversionId);
  }

  async aparcar(pendientes: readonly ConversionPendiente[]): Promise<void> {
    for (const p of pendientes) this.pendientes.set(p.conversionId, p);
  }

  async tomarPendientesDeClicks(clickIds: readonly string[]): Promise<ConversionPendiente[]> {
    this.llamada('tomarPendientesDeClicks');
    const tomados = [...this.pendientes.values()].filter((p) => clickIds.includes(p.clickId));
    tomados.forEach((p) => this.pendientes.delete(p.conversionId));
    return tomados;
  }

  async tomarPendientesListos(recibidasAntesDe: number, limite: number): Promise<ConversionPendiente[]> {
    const tomados = [...this.pendientes.values()].filter((p) => this.clicks.has(p.clickId) || p.recibidaEn < recibidasAntesDe).slice(0, limite);
    tomados.forEach((p) => this.pendientes.delete(p.conversionId));
    return tomados;
  }

  async guardar(agregados: readonly AggregateRoot<object>[]): Promise<void> {
    this.llamada('guardar');
    for (const agregado of agregados) {
      const nuevos = agregado.pullDomainEvents();
      const actual = this.eventos.filter((e) => e.aggregateId === agregado.id).length;
      if (actual !== agregado.version) throw new Error(`optimistic concurrency: ${agregado.id} is at ${actual}, not ${agregado.version}`);
      nuevos.forEach((evento, i) => {
        const flood = evento instanceof ClickRegistrado && evento.marca !== null;
        this.eventos.push({ aggregateId: agregado.id, version: actual + i + 1, evento, publicado: !flood });
      });
      agregado.markPersisted(actual + nuevos.length);
    }
  }

  // FuentesAtribucion
  async click(id: string): Promise<ClickAtribuible | null> {
    return this.clicks.get(id) ?? null;
  }

  async ultimoClickDelUsuario(campanaId: string, usuarioId: string, desde: number, hasta: number): Promise<ClickAtribuible | null> {
    const candidatos = [...this.clicks.values()]
      .filter((c) => c.campanaId === campanaId && c.usuarioId === usuarioId && !c.fraudulento && c.timestamp > desde && c.timestamp <= hasta)
      .sort((a, b) => b.timestamp - a.timestamp);
    return candidatos[0] ?? null;
  }

  async campana(id: string): Promise<CampanaProyeccion | null> {
    return this.campanas.get(id) ?? null;
  }

  async afiliado(id: string): Promise<AfiliadoProyeccion | null> {
    return this.afiliados.get(id) ?? null;
  }

  async referenciaUsada(campanaId: string, referencia: string): Promise<boolean> {
    return this.referencias.has(`${campanaId}|${referencia}`);
  }

  /** Events of one stream, by type. */
  streamDe(id: string): string[] {
    return this.eventos.filter((e) => e.aggregateId === id).map((e) => e.evento.eventType);
  }

  publicados(): DomainEvent<object>[] {
    return this.eventos.filter((e) => e.publicado).map((e) => e.evento);
  }
}

export class ProyeccionesCacheEnMemoria implements ProyeccionesCache {
  campanas = new Map<string, CampanaProyeccion>();
  afiliados = new Map<string, AfiliadoProyeccion>();

  campana(id: string): CampanaProyeccion | undefined {
    return this.campanas.get(id);
  }
  afiliado(id: string): AfiliadoProyeccion | undefined {
    return this.afiliados.get(id);
  }
  ponerCampana(campana: CampanaProyeccion): void {
    this.campanas.set(campana.id, campana);
  }
  ponerAfiliado(afiliado: AfiliadoProyeccion): void {
    this.afiliados.set(afiliado.id, afiliado);
  }
}

export class ProyeccionesStoreEnMemoria implements ProyeccionesStore, ProyeccionesStoreFactory {
  campanas = new Map<string, CampanaProyeccion>();
  afiliados = new Map<string, AfiliadoProyeccion>();

  en(): ProyeccionesStore {
    return this;
  }
  async campana(id: string): Promise<CampanaProyeccion | null> {
    return this.campanas.get(id) ?? null;
  }
  async afiliado(id: string): Promise<AfiliadoProyeccion | null> {
    return this.afiliados.get(id) ?? null;
  }
  async guardarAfiliado(id: string, estado: EstadoAfiliado, desde: number): Promise<void> {
    this.afiliados.set(id, { id, estado, cambios: [...(this.afiliados.get(id)?.cambios ?? []), { desde, estado }] });
  }
  async crearCampana(d: DatosCampanaCreada): Promise<void> {
    if (this.campanas.has(d.id)) return;
    this.campanas.set(d.id, {
      id: d.id,
      estado: 'BORRADOR',
      moneda: d.moneda,
      ventanaAtribucionDias: d.ventanaAtribucionDias,
      fechaInicio: d.fechaInicio,
      fechaFin: d.fechaFin,
      afiliados: new Set(d.afiliados),
      cambios: [{ desde: d.desde, estado: 'BORRADOR' }],
    });
  }
  async cambiarEstadoCampana(id: string, estado: EstadoCampana, desde: number): Promise<boolean> {
    const c = this.campanas.get(id);
    if (!c) return false;
    this.campanas.set(id, { ...c, estado, cambios: [...(c.cambios ?? []), { desde, estado }] });
    return true;
  }
  async asignarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean> {
    const c = this.campanas.get(campanaId);
    if (!c) return false;
    this.campanas.set(campanaId, { ...c, afiliados: new Set([...c.afiliados, afiliadoId]) });
    return true;
  }
  async retirarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean> {
    const c = this.campanas.get(campanaId);
    if (!c) return false;
    this.campanas.set(campanaId, { ...c, afiliados: new Set([...c.afiliados].filter((a) => a !== afiliadoId)) });
    return true;
  }
}

/** Records what was handed over; answers like the real queue (fingerprints for conversions). */
export class ColaEnMemoria implements ColaIngesta {
  encolados: ComandoIngesta[] = [];
  huellas = new Map<string, string>();
  reversiones = new Set<string>();
  fallo?: Error;

  async encolar(items: readonly ComandoIngesta[]): Promise<ResultadoIngesta[]> {
    if (this.fallo) throw this.fallo;
    return items.map((item) => {
      if (item.comando.eventType === 'RegistrarConversion' && item.huella) {
        const previa = this.huellas.get(item.comando.payload.id);
        if (previa !== undefined) return previa === item.huella ? 'DUPLICADO' : 'CONFLICTO';
        this.huellas.set(item.comando.payload.id, item.huella);
      }
      if (item.comando.eventType === 'RevertirConversion') {
        if (this.reversiones.has(item.comando.payload.conversion_id)) return 'CONFLICTO';
        this.reversiones.add(item.comando.payload.conversion_id);
      }
      this.encolados.push(item);
      return 'ACEPTADO';
    });
  }
}

export class ClicksConocidosEnMemoria implements ClicksConocidos {
  mapa = new Map<string, ClickConocido>();
  recordar(clickId: string, click: ClickConocido): void {
    this.mapa.set(clickId, click);
  }
  async buscar(clickId: string): Promise<ClickConocido | null> {
    return this.mapa.get(clickId) ?? null;
  }
}

export class ConversionesLecturaEnMemoria implements ConversionesLectura {
  constructor(
    private readonly store: TrackingStoreEnMemoria,
    readonly aceptadas = new Map<string, ConversionAceptada>(),
  ) {}
  async cargar(id: string): Promise<Conversion | null> {
    return (await this.store.cargarConversiones([id])).get(id) ?? null;
  }
  async aceptada(id: string): Promise<ConversionAceptada | null> {
    return this.aceptadas.get(id) ?? null;
  }
}

let secuencia = 0;

/** A command as the batch consumer hands it over. */
export function recibido<P>(eventType: string, payload: P, occurredAt = Date.now()): ReceivedEvent<P> {
  secuencia++;
  return {
    eventType,
    schemaVersion: 1,
    eventId: `00000000-0000-4000-8000-${String(secuencia).padStart(12, '0')}`,
    occurredAt,
    correlationId: `corr-${secuencia}`,
    payload,
  };
}

/** Campaign cam-1 ACTIVA in COP with afi-1 assigned; cam-pausada PAUSADA; afi-1 ACTIVO; afi-suspendido SUSPENDIDO. */
export function proyeccionesDePrueba(): ProyeccionesCacheEnMemoria {
  const p = new ProyeccionesCacheEnMemoria();
  p.ponerCampana({ id: 'cam-1', estado: 'ACTIVA', moneda: 'COP', ventanaAtribucionDias: 30, fechaInicio: null, fechaFin: null, afiliados: new Set(['afi-1']) });
  p.ponerCampana({ id: 'cam-pausada', estado: 'PAUSADA', moneda: 'COP', ventanaAtribucionDias: 30, fechaInicio: null, fechaFin: null, afiliados: new Set(['afi-1']) });
  p.ponerAfiliado({ id: 'afi-1', estado: 'ACTIVO' });
  p.ponerAfiliado({ id: 'afi-suspendido', estado: 'SUSPENDIDO' });
  return p;
}
