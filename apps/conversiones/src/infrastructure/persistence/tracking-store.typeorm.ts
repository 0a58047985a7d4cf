import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IntegrationEventPublisher, type IntegrationEvent } from '@alpes/messaging';
import type { AggregateRoot } from '@alpes/seedwork';
import type { ClickAtribuible } from '../../domain/atribucion/atribucion.policy';
import { Conversion } from '../../domain/conversion/conversion.aggregate';
import { ConversionRechazada, type ConversionEvent } from '../../domain/conversion/events/conversion.events';
import type { AfiliadoProyeccion } from '../../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion } from '../../domain/proyecciones/campana-proyeccion';
import type { Click } from '../../domain/tracking/click.aggregate';
import { ClickRegistrado } from '../../domain/tracking/tracking.events';
import type { TransaccionAbierta } from '../../application/ports/transaccion';
import type { ConversionPendiente, CubetaClicks, TrackingStore, TrackingStoreFactory } from '../../application/ports/tracking-store.port';
import { eventoDeConversion, eventoDeIntegracion, payloadAvro, TIPO_DE_AGREGADO, type EventoAlmacenable, type FilaEventStore } from './event-store.codec';
import { leerAfiliado, leerCampana } from './proyecciones.sql';

/** Rows per multi-row INSERT / ids per IN list: a batch of 500 is one statement per table. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const marks = (n: number, row: string): string => Array.from({ length: n }, () => row).join(', ');

interface FilaClick {
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id: string | null;
  ts: string | number;
  fraude: number | string;
}

function clickAtribuible(f: FilaClick): ClickAtribuible {
  return {
    id: f.id,
    campanaId: f.campana_id,
    afiliadoId: f.afiliado_id,
    usuarioId: f.usuario_id,
    timestamp: Number(f.ts),
    fraudulento: Number(f.fraude) === 1,
  };
}

/** Reads the streams of conversions (ids that are not conversions are absent). */
export async function cargarConversiones(manager: EntityManager, ids: readonly string[]): Promise<Map<string, Conversion>> {
  const porId = new Map<string, ConversionEvent[]>();
  for (const parte of chunks(ids)) {
    const filas: FilaEventStore[] = await manager.query(
      `SELECT aggregate_id, version, event_id, event_type, schema_version, payload, occurred_at, correlation_id, causation_id
         FROM event_store WHERE aggregate_type = 'Conversion' AND aggregate_id IN (${marks(parte.length, '?')})
        ORDER BY aggregate_id, version`,
      parte,
    );
    for (const fila of filas) {
      const stream = porId.get(fila.aggregate_id) ?? [];
      stream.push(eventoDeConversion(fila));
      porId.set(fila.aggregate_id, stream);
    }
  }
  return new Map([...porId].map(([id, eventos]) => [id, Conversion.desdeHistorial(id, eventos)]));
}

/**
 * The processor's persistence over MySQL/MariaDB, bound to the batch's transaction: raw multi-row SQL (a batch of
 * 500 commands is a handful of statements), the event store append with its optimistic-concurrency key, and the
 * outbox through `IntegrationEventPublisher` in the same transaction.
 */
class TrackingStoreEnTransaccion implements TrackingStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly publisher: IntegrationEventPublisher,
  ) {}

  async existentes(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const parte of chunks(ids)) {
      const filas: { aggregate_id: string }[] = await this.manager.query(
        `SELECT aggregate_id FROM event_store WHERE version = 1 AND aggregate_id IN (${marks(parte.length, '?')})`,
        parte,
      );
      for (const f of filas) out.add(f.aggregate_id);
    }
    return out;
  }

  async contarClicks(cubetas: readonly CubetaClicks[]): Promise<number[]> {
    if (cubetas.length === 0) return [];
    // One lock order for every batch (fewer deadlocks between concurrent batches).
    const orden = cubetas.map((c, i) => ({ c, i })).sort((a, b) => clave(a.c).localeCompare(clave(b.c)));
    const totales = new Map<string, number>();
    for (const parte of chunks(orden)) {
      await this.manager.query(
        `INSERT INTO click_contadores (campana_id, ip_address, minuto, total) VALUES ${marks(parte.length, '(?, ?, ?, ?)')}
         ON DUPLICATE KEY UPDATE total = total + VALUES(total)`,
        parte.flatMap(({ c }) => [c.campanaId, c.ip, c.minuto, c.cantidad]),
      );
      const filas: { campana_id: string; ip_address: string; minuto: string | number; total: string | number }[] = await this.manager.query(
        `SELECT campana_id, ip_address, minuto, total FROM click_contadores WHERE ${parte.map(() => '(campana_id = ? AND ip_address = ? AND minuto = ?)').join(' OR ')}`,
        parte.flatMap(({ c }) => [c.campanaId, c.ip, c.minuto]),
      );
      for (const f of filas) totales.set(clave({ campanaId: f.campana_id, ip: f.ip_address, minuto: Number(f.minuto) }), Number(f.total));
    }
    return cubetas.map((c) => (totales.get(clave(c)) ?? c.cantidad) - c.cantidad);
  }

  async registrarClicks(clicks: readonly Click[]): Promise<void> {
    if (clicks.length === 0) return;
    const filas = clicks.map((click) => {
      const p = (click.pendingEvents[0] as ClickRegistrado).payload;
      return [click.id, p.campana_id, p.afiliado_id, p.usuario_id, p.ip_address, p.timestamp, click.fraudulento ? 1 : 0];
    });
    for (const parte of chunks(filas)) {
      await this.manager.query(
        `INSERT INTO clicks (id, campana_id, afiliado_id, usuario_id, ip_address, ts, fraude) VALUES ${marks(parte.length, '(?, ?, ?, ?, ?, ?, ?)')}`,
        parte.flat(),
      );
    }
    const fraudePorCampana = new Map<string, number>();
    for (const click of clicks) {
      if (!click.fraudulento) continue;
      const campana = (click.pendingEvents[0] as ClickRegistrado).payload.campana_id;
      fraudePorCampana.set(campana, (fraudePorCampana.get(campana) ?? 0) + 1);
    }
    await this.contarFraude(fraudePorCampana, 'clicks_marcados');
  }

  cargarConversiones(ids: readonly string[]): Promise<Map<string, Conversion>> {
    return cargarConversiones(this.manager, ids);
  }

  async reservarReferencia(campanaId: string, referencia: string, conversionId: string): Promise<void> {
    await this.manager.query('INSERT INTO referencias_externas (campana_id, referencia_externa, conversion_id) VALUES (?, ?, ?)', [
      campanaId,
      referencia,
      conversionId,
    ]);
  }

  async aparcar(pendientes: readonly ConversionPendiente[]): Promise<void> {
    for (const parte of chunks(pendientes)) {
      await this.manager.query(
        `INSERT INTO conversiones_pendientes (conversion_id, click_id, recibida_en, correlation_id) VALUES ${marks(parte.length, '(?, ?, ?, ?)')}
         ON DUPLICATE KEY UPDATE click_id = VALUES(click_id)`,
        parte.flatMap((p) => [p.conversionId, p.clickId, p.recibidaEn, p.correlationId]),
      );
    }
  }

  async tomarPendientesDeClicks(clickIds: readonly string[]): Promise<ConversionPendiente[]> {
    // A plain read first: most batches find nothing and take no lock at all.
    const candidatas: string[] = [];
    for (const parte of chunks(clickIds)) {
      const filas: { conversion_id: string }[] = await this.manager.query(
        `SELECT conversion_id FROM conversiones_pendientes WHERE click_id IN (${marks(parte.length, '?')})`,
        parte,
      );
      candidatas.push(...filas.map((f) => f.conversion_id));
    }
    return this.tomar(candidatas, false);
  }

  async tomarPendientesListos(recibidasAntesDe: number, limite: number): Promise<ConversionPendiente[]> {
    const filas: { conversion_id: string }[] = await this.manager.query(
      `SELECT p.conversion_id FROM conversiones_pendientes p LEFT JOIN clicks c ON c.id = p.click_id
        WHERE c.id IS NOT NULL OR p.recibida_en < ? ORDER BY p.recibida_en LIMIT ?`,
      [recibidasAntesDe, limite],
    );
    return this.tomar(
      filas.map((f) => f.conversion_id),
      true,
    );
  }

  /** Locks the pending rows by primary key (skipping those another transaction holds, for the timer) and removes them. */
  private async tomar(ids: readonly string[], saltarBloqueadas: boolean): Promise<ConversionPendiente[]> {
    if (ids.length === 0) return [];
    const filas: { conversion_id: string; click_id: string; recibida_en: string | number; correlation_id: string | null }[] = await this.manager.query(
      `SELECT conversion_id, click_id, recibida_en, correlation_id FROM conversiones_pendientes
        WHERE conversion_id IN (${marks(ids.length, '?')}) ORDER BY recibida_en, conversion_id FOR UPDATE${saltarBloqueadas ? ' SKIP LOCKED' : ''}`,
      [...ids],
    );
    if (filas.length === 0) return [];
    await this.manager.query(
      `DELETE FROM conversiones_pendientes WHERE conversion_id IN (${marks(filas.length, '?')})`,
      filas.map((f) => f.conversion_id),
    );
    return filas.map((f) => ({ conversionId: f.conversion_id, clickId: f.click_id, recibidaEn: Number(f.recibida_en), correlationId: f.correlation_id }));
  }

  async guardar(agregados: readonly AggregateRoot<object>[]): Promise<void> {
    const filas: unknown[][] = [];
    const publicar: IntegrationEvent[] = [];
    const rechazosFlooding = new Map<string, number>();
    const versiones: [AggregateRoot<object>, number][] = [];
    for (const agregado of agregados) {
      const eventos = agregado.pullDomainEvents() as EventoAlmacenable[];
      if (eventos.length === 0) continue;
      eventos.forEach((evento, i) => {
        const { schemaVersion, bytes } = payloadAvro(evento);
        const marca = evento instanceof ClickRegistrado ? evento.marca : null;
        filas.push([
          evento.eventId,
          agregado.id,
          TIPO_DE_AGREGADO[evento.eventType],
          agregado.version + i + 1,
          evento.eventType,
          schemaVersion,
          bytes,
          evento.occurredAt.getTime(),
          evento.correlationId ?? null,
          evento.causationId ?? null,
          marca,
        ]);
        // A flagged click stays in the event store only: never published, so never billed.
        if (marca === null) publicar.push(eventoDeIntegracion(evento));
        if (evento instanceof ConversionRechazada && evento.payload.motivo === 'CLICK_FLOODING' && evento.payload.campana_id) {
          rechazosFlooding.set(evento.payload.campana_id, (rechazosFlooding.get(evento.payload.campana_id) ?? 0) + 1);
        }
      });
      versiones.push([agregado, agregado.version + eventos.length]);
    }
    for (const parte of chunks(filas)) {
      // UNIQUE(aggregate_id, version): a concurrent append to the same stream fails here (optimistic concurrency),
      // the batch rolls back and is retried against the new state.
      await this.manager.query(
        `INSERT INTO event_store (event_id, aggregate_id, aggregate_type, version, event_type, schema_version, payload, occurred_at,
           correlation_id, causation_id, marca) VALUES ${marks(parte.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')}`,
        parte.flat(),
      );
    }
    await this.publisher.publish(this.manager, publicar);
    await this.contarFraude(rechazosFlooding, 'conversiones_rechazadas');
    for (const [agregado, version] of versiones) agregado.markPersisted(version);
  }

  private async contarFraude(porCampana: Map<string, number>, columna: 'clicks_marcados' | 'conversiones_rechazadas'): Promise<void> {
    if (porCampana.size === 0) return;
    const filas = [...porCampana].sort(([a], [b]) => a.localeCompare(b));
    await this.manager.query(
      `INSERT INTO fraude_contadores (campana_id, ${columna}) VALUES ${marks(filas.length, '(?, ?)')}
       ON DUPLICATE KEY UPDATE ${columna} = ${columna} + VALUES(${columna})`,
      filas.flat(),
    );
  }

  // FuentesAtribucion --------------------------------------------------------------------------------------------

  async click(id: string): Promise<ClickAtribuible | null> {
    const filas: FilaClick[] = await this.manager.query('SELECT id, campana_id, afiliado_id, usuario_id, ts, fraude FROM clicks WHERE id = ?', [id]);
    return filas.length > 0 ? clickAtribuible(filas[0]) : null;
  }

  async ultimoClickDelUsuario(campanaId: string, usuarioId: string, desde: number, hasta: number): Promise<ClickAtribuible | null> {
    const filas: FilaClick[] = await this.manager.query(
      `SELECT id, campana_id, afiliado_id, usuario_id, ts, fraude FROM clicks
        WHERE campana_id = ? AND usuario_id = ? AND ts > ? AND ts <= ? AND fraude = 0
        ORDER BY ts DESC, id DESC LIMIT 1`,
      [campanaId, usuarioId, desde, hasta],
    );
    return filas.length > 0 ? clickAtribuible(filas[0]) : null;
  }

  campana(id: string): Promise<CampanaProyeccion | null> {
    return leerCampana(this.manager, id);
  }

  afiliado(id: string): Promise<AfiliadoProyeccion | null> {
    return leerAfiliado(this.manager, id);
  }

  async referenciaUsada(campanaId: string, referencia: string): Promise<boolean> {
    const filas: unknown[] = await this.manager.query('SELECT 1 FROM referencias_externas WHERE campana_id = ? AND referencia_externa = ?', [
      campanaId,
      referencia,
    ]);
    return filas.length > 0;
  }
}

function clave(c: Pick<CubetaClicks, 'campanaId' | 'ip' | 'minuto'>): string {
  return `${c.campanaId}\u0000${c.ip}\u0000${c.minuto}`;
}

@Injectable()
export class TrackingStoreTypeorm implements TrackingStoreFactory {
  constructor(private readonly publisher: IntegrationEventPublisher) {}

  en(tx: TransaccionAbierta): TrackingStore {
    return new TrackingStoreEnTransaccion(tx as EntityManager, this.publisher);
  }
}
