import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createLogger, describeError } from '@alpes/messaging';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../conversiones.config';
import { FUENTE_BACKLOG, type FuenteBacklog, type MedidaBacklog } from '../ports/backlog.port';
import { SobrecargaError, type ComandoIngesta } from '../ports/cola-ingesta.port';
import { RELOJ, relojDelSistema, type Reloj } from '../processor/reloj';

/** Impressions and clicks are refused first; conversions and reverts (money) only at a higher backlog. */
export type ClaseCarga = 'TRACKING' | 'DINERO';

export function claseDe(item: ComandoIngesta): ClaseCarga {
  const tipo = item.comando.eventType;
  return tipo === 'RegistrarImpresion' || tipo === 'RegistrarClick' ? 'TRACKING' : 'DINERO';
}

export interface EstadoAdmision {
  /** Backlog measured by the last sample (events), with the unmeasured parts at their last value. */
  readonly medido: number;
  /** What the last sample could measure (`null`: unreachable that time). */
  readonly partes: MedidaBacklog;
  /** Commands this instance admitted since that sample (not in the measure yet). */
  readonly admitidosDesdeMuestra: number;
  /** Events per second the backlog drained at between samples (smoothed; 0 = not known yet). */
  readonly tasaDrenaje: number;
  readonly rechazados: Record<ClaseCarga, number>;
}

const REINTENTO_MAX_S = 30;
/** Retry-After while the drain rate is not known yet. */
const REINTENTO_SIN_TASA_S = 2;

/**
 * Admission control on a measured backlog (issue 10, item 6). The group commit itself is fast, so without this the
 * work piles up downstream — outbox rows not published, the processor's subscription, the consumers of
 * `conversiones.eventos` — and every tenant's latency grows with one client's flood.
 *
 * A timer samples the backlog every `admisionMuestreoMs` (`FuenteBacklog`: outbox pending rows + processor backlog +
 * the largest backlog of a connected consumer of `conversiones.eventos`); between two samples the commands this
 * instance admits are added to it (so a flood cannot slip a whole interval's worth in) and what the measured drain
 * rate has taken away since is subtracted (so the interval does not cap a healthy intake). A request is refused (503
 * `TRACKING.SOBRECARGA` with `Retry-After`) when that estimate has reached its class's threshold: impressions and
 * clicks at `admisionUmbralTracking`, conversions and reverts only at the higher `admisionUmbralDinero` — so a flood
 * of impressions is pushed back while other tenants' money events still get in. A request admitted below the
 * threshold is admitted whole (a `/lote` of 1000 counts 1000). A part that cannot be measured keeps its last value.
 * `Retry-After` is the time the measured drain rate needs to bring the backlog under the threshold (1–30 s).
 */
@Injectable()
export class AdmisionIngesta implements OnModuleInit, OnApplicationShutdown {
  private readonly log = createLogger('admision-ingesta');
  private partes = { outbox: 0, procesador: 0, consumidores: 0 };
  private ultimaMedida: MedidaBacklog = { outbox: null, procesador: null, consumidores: null };
  private medido = 0;
  private medidoEn = 0;
  private admitidosDesdeMuestra = 0;
  private tasaDrenaje = 0;
  private readonly rechazados: Record<ClaseCarga, number> = { TRACKING: 0, DINERO: 0 };
  private timer?: NodeJS.Timeout;
  private muestra?: Promise<void>;
  private incompletaAntes = false;
  private sobrecargado = false;

  constructor(
    @Inject(FUENTE_BACKLOG) private readonly fuente: FuenteBacklog,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
    @Optional() @Inject(RELOJ) private readonly reloj: Reloj = relojDelSistema,
  ) {}

  onModuleInit(): void {
    if (!this.activa()) return;
    void this.muestrear();
    this.timer = setInterval(() => void this.muestrear(), this.config.admisionMuestreoMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.muestra;
  }

  /**
   * Admits the commands of one request or throws `SobrecargaError`. `enEspera`: commands accepted by this instance
   * and not written to the outbox yet (in no measure).
   */
  admitir(items: readonly ComandoIngesta[], enEspera = 0): void {
    if (items.length === 0 || !this.activa()) return;
    const clase: ClaseCarga = items.some((i) => claseDe(i) === 'TRACKING') ? 'TRACKING' : 'DINERO';
    const umbral = clase === 'TRACKING' ? this.config.admisionUmbralTracking : this.config.admisionUmbralDinero;
    const estimado = Math.max(0, Math.round(this.medido + this.admitidosDesdeMuestra - this.drenadoDesdeMuestra())) + enEspera;
    if (umbral > 0 && estimado >= umbral) {
      this.rechazados[clase] += items.length;
      const segundos = this.reintentarEn(estimado - umbral + 1);
      const que = clase === 'TRACKING' ? 'impressions and clicks are' : 'conversions and reverts are';
      throw new SobrecargaError(
        `The service is busy: ${estimado} events accepted and not processed yet (${que} accepted below ${umbral}); retry in ${segundos} s`,
        segundos,
      );
    }
    this.admitidosDesdeMuestra += items.length;
  }

  estado(): EstadoAdmision {
    return {
      medido: this.medido,
      partes: this.ultimaMedida,
      admitidosDesdeMuestra: this.admitidosDesdeMuestra,
      tasaDrenaje: this.tasaDrenaje,
      rechazados: { ...this.rechazados },
    };
  }

  /** One sample (the timer's; tests call it directly). Never throws; overlapping calls share the one in flight. */
  muestrear(): Promise<void> {
    this.muestra ??= this.tomarMuestra().finally(() => (this.muestra = undefined));
    return this.muestra;
  }

  private activa(): boolean {
    return this.config.admisionUmbralTracking > 0 || this.config.admisionUmbralDinero > 0;
  }

  private async tomarMuestra(): Promise<void> {
    const inicio = this.reloj();
    const admitidosAntes = this.admitidosDesdeMuestra;
    let medida: MedidaBacklog;
    try {
      medida = await this.fuente.medir();
    } catch (error) {
      medida = { outbox: null, procesador: null, consumidores: null };
      this.log.warn({ error: describeError(error) }, 'backlog sample failed');
    }
    const incompleta = medida.outbox === null || medida.procesador === null || medida.consumidores === null;
    if (incompleta && !this.incompletaAntes) this.log.warn({ medida }, 'part of the backlog could not be measured: its last value stays in use');
    this.incompletaAntes = incompleta;
    this.partes = {
      outbox: medida.outbox ?? this.partes.outbox,
      procesador: medida.procesador ?? this.partes.procesador,
      consumidores: medida.consumidores ?? this.partes.consumidores,
    };
    this.ultimaMedida = medida;
    const anterior = this.medido;
    const nuevo = this.partes.outbox + this.partes.procesador + this.partes.consumidores;
    const segundos = this.medidoEn > 0 ? (inicio - this.medidoEn) / 1000 : 0;
    // Drained = what was there + what came in − what is left (this instance's intake only: a lower bound).
    const drenado = anterior + admitidosAntes - nuevo;
    if (segundos > 0 && anterior > 0 && drenado > 0) {
      const tasa = drenado / segundos;
      this.tasaDrenaje = this.tasaDrenaje === 0 ? tasa : 0.5 * this.tasaDrenaje + 0.5 * tasa;
    }
    this.medido = nuevo;
    this.medidoEn = inicio;
    // What was admitted while the sample ran may or may not be in it: it stays counted (errs on refusing).
    this.admitidosDesdeMuestra -= admitidosAntes;
    this.avisarCambio();
  }

  /**
   * What the measured drain rate took away since the last sample, so that the sampling interval does not cap the
   * intake (without it at most one threshold's worth would get in per interval). Extrapolated for at most two
   * intervals: a sampler that stalls (admin API down) does not open the gates.
   */
  private drenadoDesdeMuestra(): number {
    if (this.tasaDrenaje <= 0 || this.medidoEn === 0) return 0;
    const ms = Math.min(Math.max(0, this.reloj() - this.medidoEn), 2 * this.config.admisionMuestreoMs);
    return (this.tasaDrenaje * ms) / 1000;
  }

  private reintentarEn(exceso: number): number {
    if (this.tasaDrenaje <= 0) return REINTENTO_SIN_TASA_S;
    return Math.min(REINTENTO_MAX_S, Math.max(1, Math.ceil(exceso / this.tasaDrenaje)));
  }

  /** Logged when the backlog crosses the lower threshold, either way (never per refused request). */
  private avisarCambio(): void {
    const umbral = this.config.admisionUmbralTracking || this.config.admisionUmbralDinero;
    const ahora = this.medido >= umbral;
    if (ahora === this.sobrecargado) return;
    this.sobrecargado = ahora;
    const datos = { backlog: this.medido, partes: this.partes, tasa_drenaje: Math.round(this.tasaDrenaje), rechazados: this.rechazados };
    if (ahora) this.log.warn(datos, 'backlog over the admission threshold: pushing back (503 TRACKING.SOBRECARGA)');
    else this.log.info(datos, 'backlog under the admission threshold again');
  }
}
