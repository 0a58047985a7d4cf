import { Decimal } from 'decimal.js';
import { PageRequest, type Paginated } from '@alpes/seedwork';
import type { MonitoreoConfig, Reloj } from '../../src/application/monitoreo.config';
import type { Alerta, EstadoAlerta } from '../../src/domain/alerta/alerta.aggregate';
import type { AlertaRepository, ContextoCambioRegla, ReglasRepository } from '../../src/domain/alerta/alerta.repository.port';
import { IDS_REGLA, ReglaAlerta, type IdRegla } from '../../src/domain/alerta/regla-alerta';
import type { AccionAuditada } from '../../src/domain/auditoria/accion-auditada';
import type { EventLogStore } from '../../src/domain/evento-log/event-log.store.port';
import type { RechazoExterno } from '../../src/domain/evento-log/rechazo-externo';
import type { RegistroEvento } from '../../src/domain/evento-log/registro-evento';
import type { ConteoBucket, ConteoTipo } from '../../src/domain/metricas/metricas';
import type { LecturasMetricas } from '../../src/domain/metricas/metricas.repository.port';

export const CONFIG_PRUEBA: MonitoreoConfig = {
  alerta: { umbral: 2, periodo: '1h', minimoClicks: 100, activa: true },
  alertaIntervaloMs: 10_000,
  monedaExternos: 'USD',
  loteConsumo: 500,
  esperaLoteMs: 20,
};

/** A clock the test moves. */
export class RelojFijo implements Reloj {
  constructor(public momento: Date) {}
  ahora(): Date {
    return new Date(this.momento.getTime());
  }
  avanzar(ms: number): void {
    this.momento = new Date(this.momento.getTime() + ms);
  }
}

/** The event log in memory, with the same duplicate rule as the table (one row per event id and topic, first kept). */
export class EventLogEnMemoria implements EventLogStore, LecturasMetricas {
  readonly filas = new Map<string, RegistroEvento>();
  readonly acciones = new Map<string, AccionAuditada>();
  readonly rechazos = new Map<string, RechazoExterno>();

  async registrar(filas: readonly RegistroEvento[]): Promise<void> {
    for (const f of filas) {
      const clave = `${f.sourceTopic}|${f.eventId}`;
      if (!this.filas.has(clave)) this.filas.set(clave, f);
    }
  }

  async registrarAuditoria(acciones: readonly AccionAuditada[]): Promise<void> {
    for (const a of acciones) if (!this.acciones.has(a.eventId)) this.acciones.set(a.eventId, a);
  }

  async registrarRechazos(rechazos: readonly RechazoExterno[]): Promise<void> {
    for (const r of rechazos) if (!this.rechazos.has(r.id)) this.rechazos.set(r.id, r);
  }

  private enVentana(desde: Date, hasta: Date): RegistroEvento[] {
    return [...this.filas.values()].filter((f) => f.occurredAt >= desde && f.occurredAt <= hasta);
  }

  async mezcla(desde: Date, hasta: Date): Promise<ConteoTipo[]> {
    const grupos = new Map<string, ConteoTipo>();
    for (const f of this.enVentana(desde, hasta)) {
      const k = `${f.eventType}|${f.categoria}`;
      const g = grupos.get(k);
      grupos.set(k, { eventType: f.eventType, categoria: f.categoria, n: (g?.n ?? 0) + 1 });
    }
    return [...grupos.values()];
  }

  async porBucket(desde: Date, hasta: Date, bucketSegundos: number): Promise<ConteoBucket[]> {
    const grupos = new Map<string, ConteoBucket>();
    for (const f of this.enVentana(desde, hasta)) {
      if (f.categoria === 'other') continue;
      const bucket = Math.floor((f.occurredAt.getTime() - desde.getTime()) / 1000 / bucketSegundos);
      const k = `${bucket}|${f.categoria}`;
      grupos.set(k, { bucket, categoria: f.categoria, n: (grupos.get(k)?.n ?? 0) + 1 });
    }
    return [...grupos.values()];
  }

  private ventas(moneda: string | null, desde: Date, hasta: Date): RegistroEvento[] {
    return this.enVentana(desde, hasta).filter((f) => f.categoria === 'sale' && f.valor !== null && f.moneda !== null && (moneda === null || f.moneda === moneda));
  }

  async ventasPorMoneda(desde: Date, hasta: Date): Promise<{ moneda: string; n: number; total: string }[]> {
    const porMoneda = new Map<string, RegistroEvento[]>();
    for (const f of this.ventas(null, desde, hasta)) porMoneda.set(f.moneda as string, [...(porMoneda.get(f.moneda as string) ?? []), f]);
    return [...porMoneda].map(([moneda, filas]) => ({
      moneda,
      n: filas.length,
      total: filas.reduce((s, f) => s.plus(f.valor as string), new Decimal(0)).toFixed(4),
    }));
  }

  async valorEnRango(moneda: string, desde: Date, hasta: Date, rango: number): Promise<string | null> {
    const valores = this.ventas(moneda, desde, hasta)
      .map((f) => f.valor as string)
      .sort((a, b) => new Decimal(a).comparedTo(b));
    return valores[rango - 1] ?? null;
  }

  async rechazosExternos(): Promise<{ sourceTopic: string; motivo: string; n: number }[]> {
    const grupos = new Map<string, { sourceTopic: string; motivo: string; n: number }>();
    for (const r of this.rechazos.values()) {
      const k = `${r.sourceTopic}|${r.motivo}`;
      grupos.set(k, { sourceTopic: r.sourceTopic, motivo: r.motivo, n: (grupos.get(k)?.n ?? 0) + 1 });
    }
    return [...grupos.values()];
  }
}

/** Alerts in memory, with the table's rule: at most one ACTIVA per rule. */
export class AlertasEnMemoria implements AlertaRepository {
  readonly alertas = new Map<string, Alerta>();
  readonly publicados: { eventType: string; payload: unknown }[] = [];

  async activa(regla: IdRegla): Promise<Alerta | null> {
    return this.buscarActiva(regla);
  }

  async guardarNueva(alerta: Alerta): Promise<boolean> {
    if (this.buscarActiva(alerta.regla)) return false;
    this.alertas.set(alerta.id, alerta);
    for (const e of alerta.pullDomainEvents()) this.publicados.push({ eventType: e.eventType, payload: e.payload });
    return true;
  }

  async guardarResolucion(alerta: Alerta): Promise<boolean> {
    return this.alertas.get(alerta.id) === alerta;
  }

  private buscarActiva(regla: IdRegla): Alerta | null {
    return [...this.alertas.values()].find((a) => a.regla === regla && a.estado === 'ACTIVA') ?? null;
  }

  async listar(filtro: { estado?: EstadoAlerta }, pagina: PageRequest): Promise<Paginated<Alerta>> {
    const todas = [...this.alertas.values()].filter((a) => !filtro.estado || a.estado === filtro.estado).reverse();
    return pagina.toPaginated(todas.slice(pagina.offset, pagina.offset + pagina.limit), todas.length);
  }
}

export class ReglasEnMemoria implements ReglasRepository {
  readonly guardadas = new Map<IdRegla, ReglaAlerta>();
  readonly auditadas: { regla: ReglaAlerta; contexto: ContextoCambioRegla }[] = [];

  constructor(private readonly config: MonitoreoConfig = CONFIG_PRUEBA) {}

  async todas(): Promise<ReglaAlerta[]> {
    return Promise.all(IDS_REGLA.map((id) => this.obtener(id)));
  }

  async obtener(id: IdRegla): Promise<ReglaAlerta> {
    return this.guardadas.get(id) ?? ReglaAlerta.crear(id, this.config.alerta);
  }

  async modificar(id: IdRegla, cambio: (actual: ReglaAlerta) => ReglaAlerta, contexto: ContextoCambioRegla): Promise<ReglaAlerta> {
    const regla = cambio(await this.obtener(id));
    this.guardadas.set(regla.id, regla);
    this.auditadas.push({ regla, contexto });
    return regla;
  }
}

export const PAGINA = PageRequest.of();
