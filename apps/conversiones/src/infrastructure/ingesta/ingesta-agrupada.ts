import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger, describeError, IntegrationEventPublisher, runInTransaction, type IntegrationEvent } from '@alpes/messaging';
import { auditEvent } from '@alpes/platform';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../../application/conversiones.config';
import { AdmisionIngesta } from '../../application/ingesta/admision-ingesta';
import {
  idDelComando,
  IngestaNoDisponibleError,
  type ColaIngesta,
  type ComandoIngesta,
  type ResultadoIngesta,
} from '../../application/ports/cola-ingesta.port';

interface Espera {
  readonly items: readonly ComandoIngesta[];
  readonly resolve: (resultados: ResultadoIngesta[]) => void;
  readonly reject: (error: Error) => void;
}

export interface EstadisticasIngesta {
  readonly transacciones: number;
  readonly comandos: number;
  readonly fallidas: number;
  readonly rechazadosPorSobrecarga: number;
  readonly enCola: number;
  readonly enVuelo: number;
}

/**
 * App-level group commit for tracking commands. Concurrent requests are collected for at most `ingestaEsperaMs` or
 * `ingestaLote` commands and written in ONE transaction to the outbox (`tracking.comandos`), so thousands of
 * requests per second cost tens of commits, not thousands. Every waiting request is answered after COMMIT: an
 * accepted request is durable even when the broker is down (the relay sends it later). When the transaction fails,
 * every request in it gets `IngestaNoDisponibleError` (503, retry). More than `ingestaMaxEnCola` waiting commands:
 * new ones are refused at once (503) instead of queueing without bound; before that, `AdmisionIngesta` refuses them
 * (503 `TRACKING.SOBRECARGA`) while the backlog downstream is over its threshold.
 *
 * Conversions also get a row in `conversiones_aceptadas` (client id → fingerprint of the request): a retry with the
 * same content is answered again without a second command; the same id with other content is a conflict.
 */
@Injectable()
export class IngestaAgrupada implements ColaIngesta, OnApplicationShutdown {
  private readonly log = createLogger('ingesta');
  private cola: Espera[] = [];
  private enCola = 0;
  private enVuelo = 0;
  private timer?: NodeJS.Timeout;
  private cerrada = false;
  private readonly vuelos = new Set<Promise<void>>();
  private stats = { transacciones: 0, comandos: 0, fallidas: 0, rechazadosPorSobrecarga: 0 };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
    private readonly admision: AdmisionIngesta,
  ) {}

  encolar(items: readonly ComandoIngesta[]): Promise<ResultadoIngesta[]> {
    if (items.length === 0) return Promise.resolve([]);
    if (this.cerrada) return Promise.reject(new IngestaNoDisponibleError('The service is shutting down'));
    if (this.enCola > 0 && this.enCola + items.length > this.config.ingestaMaxEnCola) {
      this.stats.rechazadosPorSobrecarga += items.length;
      return Promise.reject(new IngestaNoDisponibleError(`Too many commands waiting to be stored (${this.enCola}); retry later`));
    }
    try {
      this.admision.admitir(items, this.enCola);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<ResultadoIngesta[]>((resolve, reject) => {
      this.cola.push({ items, resolve, reject });
      this.enCola += items.length;
      this.programar();
    });
  }

  estadisticas(): EstadisticasIngesta {
    return { ...this.stats, enCola: this.enCola, enVuelo: this.enVuelo };
  }

  /** After HTTP stopped (Nest closes it before this hook): store what is waiting, then refuse. */
  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.cola.length > 0 || this.vuelos.size > 0) {
      if (this.cola.length > 0 && this.enVuelo < this.config.ingestaConcurrencia) this.vaciar();
      else await Promise.race(this.vuelos);
    }
    this.cerrada = true;
  }

  /**
   * Flushes full batches at once; otherwise the first waiting command starts a timer of `ingestaEsperaMs`. When a
   * transaction finishes (`inmediato`), whatever gathered meanwhile goes right away: under load, batches form while
   * the previous ones commit, and nobody waits for a timer on top of that.
   */
  private programar(inmediato = false): void {
    while (this.cola.length > 0 && this.enVuelo < this.config.ingestaConcurrencia && (inmediato || this.enCola >= this.config.ingestaLote)) {
      this.vaciar();
    }
    if (this.cola.length > 0 && !this.timer && this.enVuelo < this.config.ingestaConcurrencia) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.programar(true);
      }, this.config.ingestaEsperaMs);
    }
  }

  /** Takes up to `ingestaLote` commands (whole requests) and writes them in one transaction. */
  private vaciar(): void {
    if (this.cola.length === 0) return;
    const tomadas: Espera[] = [];
    let n = 0;
    while (this.cola.length > 0 && (n === 0 || n + this.cola[0].items.length <= this.config.ingestaLote)) {
      const espera = this.cola.shift() as Espera;
      tomadas.push(espera);
      n += espera.items.length;
    }
    this.enCola -= n;
    this.enVuelo++;
    const vuelo = this.escribir(tomadas, n).finally(() => {
      this.enVuelo--;
      this.vuelos.delete(vuelo);
      if (!this.cerrada) this.programar(true);
    });
    this.vuelos.add(vuelo);
  }

  private async escribir(tomadas: Espera[], n: number): Promise<void> {
    const items = tomadas.flatMap((t) => t.items);
    try {
      const resultados = await runInTransaction(this.dataSource, (manager) => this.escribirEn(manager, items), { retries: 2 });
      this.stats.transacciones++;
      this.stats.comandos += n;
      let i = 0;
      for (const espera of tomadas) {
        espera.resolve(resultados.slice(i, i + espera.items.length));
        i += espera.items.length;
      }
    } catch (error) {
      this.stats.fallidas++;
      this.log.error({ error: describeError(error), comandos: n, solicitudes: tomadas.length }, 'tracking commands could not be stored');
      const fallo = new IngestaNoDisponibleError('The tracking commands could not be stored; retry later', { cause: error });
      for (const espera of tomadas) espera.reject(fallo);
    }
  }

  private async escribirEn(manager: EntityManager, items: readonly ComandoIngesta[]): Promise<ResultadoIngesta[]> {
    const resultados = await this.registrarConversiones(manager, items);
    const eventos: IntegrationEvent[] = [];
    items.forEach((item, i) => {
      if (resultados[i] !== 'ACEPTADO') return;
      const id = idDelComando(item.comando);
      const meta = { aggregate_id: id, key: item.comando.key, correlation_id: item.correlationId };
      eventos.push({ eventType: item.comando.eventType, payload: item.comando.payload, meta } as IntegrationEvent);
      if (item.auditar) {
        eventos.push(
          auditEvent({
            servicio: 'conversiones',
            accion: item.auditar.accion,
            recurso: item.auditar.recurso,
            recurso_id: id,
            actor: item.actor,
            correlationId: item.correlationId,
          }),
        );
      }
    });
    await this.publisher.publish(manager, eventos);
    return resultados;
  }

  /**
   * ACEPTADO for everything but conversions whose id was accepted before: DUPLICADO when the stored fingerprint is
   * the same (a retry), CONFLICTO otherwise. Copies of an id within this batch compare with the first one's row.
   * Reverts: the first one accepted for a conversion is ACEPTADO, every later one CONFLICTO (see `registrarReversiones`).
   */
  private async registrarConversiones(manager: EntityManager, items: readonly ComandoIngesta[]): Promise<ResultadoIngesta[]> {
    const resultados: ResultadoIngesta[] = items.map(() => 'ACEPTADO');
    await this.registrarReversiones(manager, items, resultados);
    const primeras = new Map<string, number>();
    items.forEach((item, i) => {
      if (item.comando.eventType === 'RegistrarConversion' && !primeras.has(item.comando.payload.id)) primeras.set(item.comando.payload.id, i);
    });
    if (primeras.size === 0) return resultados;
    const lote = randomUUID();
    const ahora = Date.now();
    const filas = [...primeras].map(([id, i]) => [id, items[i].huella ?? '', lote, JSON.stringify(items[i].comando.payload), ahora]);
    // An id accepted before keeps its row (and its batch token): that tells a retry from a new conversion.
    await manager.query(
      `INSERT INTO conversiones_aceptadas (id, huella, lote, comando, aceptada_en) VALUES ${filas.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE id = id`,
      filas.flat(),
    );
    // A locking read sees the row a concurrent transaction committed (a plain read could use an older snapshot).
    const guardadas: { id: string; huella: string; lote: string }[] = await manager.query(
      `SELECT id, huella, lote FROM conversiones_aceptadas WHERE id IN (${filas.map(() => '?').join(', ')}) FOR UPDATE`,
      [...primeras.keys()],
    );
    const porId = new Map(guardadas.map((g) => [g.id, g]));
    items.forEach((item, i) => {
      if (item.comando.eventType !== 'RegistrarConversion') return;
      const guardada = porId.get(item.comando.payload.id);
      if (!guardada) throw new Error(`conversiones_aceptadas: row ${item.comando.payload.id} missing right after its insert`);
      const nueva = guardada.lote === lote && primeras.get(item.comando.payload.id) === i;
      resultados[i] = nueva ? 'ACEPTADO' : guardada.huella === (item.huella ?? '') ? 'DUPLICADO' : 'CONFLICTO';
    });
    return resultados;
  }

  /**
   * One accepted revert per conversion, decided by the database: the row of `reversiones_aceptadas` (primary key =
   * the conversion) that this transaction inserts makes its first revert of that conversion ACEPTADO; a row already
   * there (another request, in this batch, in a concurrent transaction, or earlier) makes it CONFLICTO. A concurrent
   * transaction inserting the same key waits for this one's COMMIT, so exactly one of any number of concurrent
   * reverts is accepted, across batches and replicas.
   */
  private async registrarReversiones(manager: EntityManager, items: readonly ComandoIngesta[], resultados: ResultadoIngesta[]): Promise<void> {
    const primeras = new Map<string, number>();
    items.forEach((item, i) => {
      if (item.comando.eventType !== 'RevertirConversion') return;
      if (primeras.has(item.comando.payload.conversion_id)) resultados[i] = 'CONFLICTO';
      else primeras.set(item.comando.payload.conversion_id, i);
    });
    if (primeras.size === 0) return;
    const lote = randomUUID();
    const ahora = Date.now();
    // One key order for every transaction: fewer deadlocks between concurrent ones.
    const ids = [...primeras.keys()].sort();
    await manager.query(
      `INSERT INTO reversiones_aceptadas (conversion_id, lote, aceptada_en) VALUES ${ids.map(() => '(?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE conversion_id = conversion_id`,
      ids.flatMap((id) => [id, lote, ahora]),
    );
    const guardadas: { conversion_id: string; lote: string }[] = await manager.query(
      `SELECT conversion_id, lote FROM reversiones_aceptadas WHERE conversion_id IN (${ids.map(() => '?').join(', ')}) FOR UPDATE`,
      ids,
    );
    const nuevas = new Set(guardadas.filter((g) => g.lote === lote).map((g) => g.conversion_id));
    for (const [id, i] of primeras) if (!nuevas.has(id)) resultados[i] = 'CONFLICTO';
  }
}
