import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Money } from '@alpes/seedwork';
import { createLogger } from '@alpes/messaging';
import type { ClickRegistrado, ConversionRevertida, ConversionValidada, ImpresionRegistrada } from '@alpes/contracts';
import type { AfiliadoProyeccion } from '../../domain/afiliado/afiliado-proyeccion';
import { AFILIADOS_PROYECCION_REPOSITORY, type AfiliadosProyeccionRepository } from '../../domain/afiliado/afiliado-proyeccion.repository.port';
import type { Campana } from '../../domain/campana/campana.aggregate';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../domain/campana/campana.repository.port';
import { calcularComisionDeConversion } from '../../domain/comision/calculo-comision';
import { Comision } from '../../domain/comision/comision.aggregate';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../domain/comision/comision.repository.port';
import { MotivoRechazo } from '../../domain/comision/estado-comision';
import { diaUtc } from '../../domain/shared/dia';
import type { Traza } from '../../domain/shared/traza';
import type { Transaccion } from '../../domain/shared/transaccion';
import { trazaDe, type EventoRecibido } from '../ports/evento-recibido';
import { MetricasConsumo } from '../ports/metricas-consumo';
import { RELOJ, type Reloj } from '../ports/reloj.port';

/** The event types of `conversiones.eventos` that move money here; the others are acknowledged and ignored. */
export const EVENTOS_CONVERSIONES = ['ConversionValidada', 'ConversionRevertida', 'ClickRegistrado', 'ImpresionRegistrada'] as const;
const RELEVANTES: ReadonlySet<string> = new Set(EVENTOS_CONVERSIONES);

type Tracking = ImpresionRegistrada | ClickRegistrado;

interface Incremento {
  readonly acumulado: Comision;
  eventos: number;
  traza: Traza;
}

/**
 * One batch of `conversiones.eventos` in ONE transaction (the inbox rows of the batch commit with it):
 *
 * 1. Lock every campaign the batch names (`SELECT … FOR UPDATE`, id order): budget consumption is serialised per
 *    campaign, so concurrent conversions (other batches, other replicas, manual commissions) can never overspend.
 * 2. Lock the commissions the batch touches (by conversion id, and the CPC/CPM accruals by their deterministic id).
 * 3. Apply the events in arrival order in memory. Clicks and impressions only count +1 on their accrual; the counts
 *    of a campaign are applied (one budget request per accrual) before the next conversion of that campaign and at
 *    the end of the batch, so arrival order is kept per campaign.
 * 4. Write: new commissions in one multi-row INSERT, one UPDATE per changed commission/accrual and campaign; the
 *    events go to the outbox. Accruals publish their running total later (see PublicarAcumuladosHandler).
 *
 * Skips (logged and counted, never retried): unknown campaign, no rule for a click/impression, a conversion that
 * already has a commission (business key), a reversal of a conversion without commission.
 */
@Injectable()
export class ProcesarEventosConversionesHandler {
  private readonly log = createLogger('comisiones-consumer');

  constructor(
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(AFILIADOS_PROYECCION_REPOSITORY) private readonly afiliados: AfiliadosProyeccionRepository,
    @Inject(RELOJ) private readonly reloj: Reloj,
    private readonly metricas: MetricasConsumo,
  ) {}

  async procesar(eventos: readonly EventoRecibido[], tx: Transaccion): Promise<void> {
    const relevantes = eventos.filter((e) => RELEVANTES.has(e.eventType));
    if (relevantes.length === 0) return;
    const ahora = this.reloj.ahora();

    const campanaIds = unicos(relevantes.map((e) => (e.payload as { campana_id: string }).campana_id));
    const campanas = await this.campanas.findManyParaActualizar(tx, campanaIds);
    const validadas = relevantes.filter((e) => e.eventType === 'ConversionValidada').map((e) => e.payload as ConversionValidada);
    const afiliados = await this.afiliados.findMany(unicos(validadas.map((v) => v.afiliado_id)), tx);
    const conversionIds = unicos(
      relevantes.filter((e) => e.eventType.startsWith('Conversion')).map((e) => (e.payload as { conversion_id: string }).conversion_id),
    );
    const porConversion = await this.comisiones.findByConversionIdsParaActualizar(tx, conversionIds);
    const claves = new ClavesDeAcumulado(campanas);
    const acumulados = await this.comisiones.findByIdsParaActualizar(tx, this.idsDeAcumulados(relevantes, claves));

    const lote = new Lote(ahora, campanas, afiliados, porConversion, acumulados, this.metricas, claves);
    for (const evento of relevantes) {
      const traza = trazaDe(evento);
      switch (evento.eventType) {
        case 'ImpresionRegistrada':
        case 'ClickRegistrado':
          this.contar(lote, evento, traza);
          break;
        case 'ConversionValidada':
          this.calcular(lote, evento.payload as ConversionValidada, traza);
          break;
        case 'ConversionRevertida':
          await this.revertir(lote, tx, evento.payload as ConversionRevertida, traza);
          break;
      }
    }
    for (const campanaId of lote.campanas.keys()) lote.aplicarIncrementos(campanaId);

    await this.comisiones.guardar(tx, [...lote.porGuardar]);
    for (const campana of lote.campanasTocadas) await this.campanas.guardar(tx, campana);
  }

  private idsDeAcumulados(eventos: readonly EventoRecibido[], claves: ClavesDeAcumulado): string[] {
    const ids = new Set<string>();
    for (const evento of eventos) {
      if (evento.eventType !== 'ImpresionRegistrada' && evento.eventType !== 'ClickRegistrado') continue;
      const clave = claves.de(evento);
      if (clave) ids.add(clave.id);
    }
    return [...ids];
  }

  private contar(lote: Lote, evento: EventoRecibido, traza: Traza): void {
    const p = evento.payload as Tracking;
    const clave = lote.claves.de(evento);
    if (!clave) {
      const campana = lote.campanas.get(p.campana_id);
      this.metricas.sumar(campana ? 'eventos_sin_regla' : 'eventos_sin_campana');
      if (!campana) this.log.debug({ event_id: evento.eventId, campana_id: p.campana_id }, 'tracking event of an unknown campaign ignored');
      return;
    }
    let acumulado = lote.acumulados.get(clave.id);
    if (!acumulado) {
      acumulado = Comision.nuevoAcumulado({
        afiliadoId: p.afiliado_id,
        campanaId: clave.campana.id,
        modelo: clave.modelo,
        tarifa: clave.tarifa,
        periodo: clave.periodo,
        ahora: lote.ahora,
      });
      lote.acumulados.set(clave.id, acumulado);
    }
    lote.incrementar(clave.campana.id, acumulado, traza);
  }

  private calcular(lote: Lote, p: ConversionValidada, traza: Traza): void {
    if (lote.porConversion.has(p.conversion_id)) {
      this.metricas.sumar('conversiones_duplicadas');
      this.log.info({ conversion_id: p.conversion_id, correlation_id: traza.correlationId }, 'conversion already has a commission: skipped');
      return;
    }
    const campana = lote.campanas.get(p.campana_id);
    if (!campana) {
      this.metricas.sumar('conversiones_campana_desconocida');
      this.log.warn(
        { conversion_id: p.conversion_id, campana_id: p.campana_id, correlation_id: traza.correlationId },
        'validated conversion of a campaign unknown here: no commission',
      );
      return;
    }
    lote.aplicarIncrementos(campana.id);
    const ahora = lote.ahora;
    const resultado = calcularComisionDeConversion(campana, lote.afiliados.get(p.afiliado_id) ?? null, {
      tipoConversion: p.tipo_conversion,
      valor: p.valor,
      moneda: p.moneda,
    });
    const comun = {
      id: Comision.idDeConversion(p.conversion_id),
      conversionId: p.conversion_id,
      afiliadoId: p.afiliado_id,
      campanaId: campana.id,
      valorConversion: p.valor,
      monedaConversion: p.moneda,
      ahora,
      traza,
    };
    let comision: Comision;
    if (resultado.tipo === 'RECHAZO') {
      comision = Comision.rechazadaAlCalcular({
        ...comun,
        modelo: resultado.modelo,
        base: resultado.base,
        porcentaje: resultado.porcentaje,
        moneda: campana.moneda,
        motivo: resultado.motivo,
        publicar: resultado.motivo !== MotivoRechazo.SIN_REGLA,
      });
      this.metricas.sumar(resultado.motivo === MotivoRechazo.SIN_REGLA ? 'conversiones_sin_regla' : 'conversiones_rechazadas');
      this.log.info({ conversion_id: p.conversion_id, campana_id: campana.id, motivo: resultado.motivo, correlation_id: traza.correlationId }, 'commission rejected');
    } else {
      const { consumido } = campana.consumirPresupuesto(resultado.monto, ahora, traza);
      lote.campanasTocadas.add(campana);
      if (consumido.isZero()) {
        comision = Comision.rechazadaAlCalcular({
          ...comun,
          modelo: resultado.modelo,
          base: resultado.base,
          porcentaje: resultado.porcentaje,
          moneda: campana.moneda,
          motivo: MotivoRechazo.PRESUPUESTO_AGOTADO,
          publicar: true,
        });
        this.metricas.sumar('conversiones_rechazadas');
      } else {
        comision = Comision.calcular({
          ...comun,
          tipo: 'CONVERSION',
          modelo: resultado.modelo,
          base: resultado.base,
          porcentaje: resultado.porcentaje,
          monto: consumido,
        });
        this.metricas.sumar('conversiones_calculadas');
        if (consumido.lessThan(resultado.monto)) {
          this.log.info(
            { conversion_id: p.conversion_id, campana_id: campana.id, calculado: resultado.monto.toFixed(), monto: consumido.toFixed() },
            'commission capped to the remaining budget',
          );
        }
      }
    }
    lote.porConversion.set(p.conversion_id, comision);
    lote.porGuardar.add(comision);
  }

  private async revertir(lote: Lote, tx: Transaccion, p: ConversionRevertida, traza: Traza): Promise<void> {
    const comision = lote.porConversion.get(p.conversion_id);
    if (!comision) {
      this.metricas.sumar('reversiones_sin_comision');
      this.log.warn({ conversion_id: p.conversion_id, correlation_id: traza.correlationId }, 'reverted conversion has no commission here: ignored');
      return;
    }
    if (comision.campanaId) lote.aplicarIncrementos(comision.campanaId);
    const resultado = comision.revertir(p.motivo, lote.ahora, randomUUID, traza);
    if (!resultado) return;
    this.metricas.sumar('reversiones_aplicadas');
    lote.porGuardar.add(comision);
    if (resultado.ajuste) lote.porGuardar.add(resultado.ajuste);
    if (resultado.devolverPresupuesto.isPositive() && comision.campanaId) {
      let campana = lote.campanas.get(comision.campanaId);
      if (!campana) {
        // The reversal named another campaign than its commission's: lock that one too.
        campana = (await this.campanas.findByIdParaActualizar(tx, comision.campanaId)) ?? undefined;
        if (campana) lote.campanas.set(campana.id, campana);
      }
      if (campana) {
        campana.devolverPresupuesto(resultado.devolverPresupuesto, lote.ahora);
        lote.campanasTocadas.add(campana);
      }
    }
  }
}

/** State of one batch: the locked aggregates, what changed, and the accrual counts not yet applied. */
class Lote {
  readonly porGuardar = new Set<Comision>();
  readonly campanasTocadas = new Set<Campana>();
  private readonly incrementos = new Map<string, Map<string, Incremento>>();

  constructor(
    readonly ahora: Date,
    readonly campanas: Map<string, Campana>,
    readonly afiliados: Map<string, AfiliadoProyeccion>,
    readonly porConversion: Map<string, Comision>,
    readonly acumulados: Map<string, Comision>,
    private readonly metricas: MetricasConsumo,
    readonly claves: ClavesDeAcumulado,
  ) {}

  incrementar(campanaId: string, acumulado: Comision, traza: Traza): void {
    let deCampana = this.incrementos.get(campanaId);
    if (!deCampana) {
      deCampana = new Map();
      this.incrementos.set(campanaId, deCampana);
    }
    const actual = deCampana.get(acumulado.id);
    if (actual) {
      actual.eventos++;
      actual.traza = traza;
    } else {
      deCampana.set(acumulado.id, { acumulado, eventos: 1, traza });
    }
  }

  /**
   * Applies the pending counts of a campaign: each accrual asks the budget for the increase of its exact-count
   * amount and gets at most what is left (capped; the campaign pauses itself when it reaches 0). With nothing left,
   * the events are not counted (they are never billed).
   */
  aplicarIncrementos(campanaId: string): void {
    const deCampana = this.incrementos.get(campanaId);
    const campana = this.campanas.get(campanaId);
    if (!deCampana || !campana) return;
    this.incrementos.delete(campanaId);
    for (const { acumulado, eventos, traza } of deCampana.values()) {
      if (!acumulado.estaPendiente()) {
        this.metricas.sumar('eventos_acumulado_cerrado', eventos);
        continue;
      }
      if (campana.presupuestoDisponible.isZero()) {
        this.metricas.sumar('eventos_sin_presupuesto', eventos);
        continue;
      }
      const deseado = acumulado.montoParaCantidad(acumulado.cantidad + eventos).subtract(acumulado.monto);
      const { consumido } = campana.consumirPresupuesto(deseado.isNegative() ? Money.zero(campana.moneda) : deseado, this.ahora, traza);
      acumulado.registrarIncremento(eventos, acumulado.monto.add(consumido), this.ahora);
      this.metricas.sumar('eventos_acumulados', eventos);
      this.porGuardar.add(acumulado);
      this.campanasTocadas.add(campana);
    }
  }
}

interface ClaveAcumulado {
  readonly id: string;
  readonly campana: Campana;
  readonly modelo: 'CPC' | 'CPM';
  readonly tarifa: Money;
  readonly periodo: string;
}

const MS_POR_DIA = 86_400_000;

/**
 * The accrual a click or impression counts into, memoised per batch: thousands of events of a batch share a handful
 * of (event type, campaign, affiliate, UTC day) keys, so the rule lookup, the rate and the deterministic id are
 * computed once per key, not once per event. null: unknown campaign or no rule for the event type.
 */
class ClavesDeAcumulado {
  private readonly memo = new Map<string, ClaveAcumulado | null>();

  constructor(private readonly campanas: Map<string, Campana>) {}

  de(evento: EventoRecibido): ClaveAcumulado | null {
    const p = evento.payload as Tracking;
    const timestamp = Number(p.timestamp);
    const memo = `${evento.eventType}|${p.campana_id}|${p.afiliado_id}|${Math.floor(timestamp / MS_POR_DIA)}`;
    let clave = this.memo.get(memo);
    if (clave === undefined) {
      clave = this.calcular(evento.eventType, p, timestamp);
      this.memo.set(memo, clave);
    }
    return clave;
  }

  private calcular(eventType: string, p: Tracking, timestamp: number): ClaveAcumulado | null {
    const campana = this.campanas.get(p.campana_id);
    if (!campana) return null;
    const regla = eventType === 'ClickRegistrado' ? campana.reglaParaClick() : campana.reglaParaImpresion();
    if (!regla) return null;
    const modelo = regla.modelo as 'CPC' | 'CPM';
    const periodo = diaUtc(timestamp);
    return {
      id: Comision.idAcumulado(campana.id, p.afiliado_id, periodo, modelo),
      campana,
      modelo,
      tarifa: regla.monto(campana.moneda),
      periodo,
    };
  }
}

function unicos(valores: readonly string[]): string[] {
  return [...new Set(valores)];
}
