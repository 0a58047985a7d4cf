import type { AfiliadoProyectado, CampanaProyectada, EstadoCampana, EstadoAfiliado } from './campana-proyectada';
import { ComisionProyectada } from './comision-proyectada.entity';
import { ConversionProyectada } from './conversion-proyectada.entity';
import { DeltasEstadisticas, type ContadorDelta, type ImporteDelta } from './deltas-estadisticas';
import type {
  AfiliadoCambioEstadoHecho,
  AfiliadoRegistradoHecho,
  CampanaCambioEstadoHecho,
  CampanaCreadaHecho,
  ComisionCalculadaHecho,
  ComisionCambioEstadoHecho,
  ConversionRechazadaHecho,
  ConversionRegistradaHecho,
  ConversionRevertidaHecho,
  ConversionValidadaHecho,
  Hecho,
  PagoRealizadoHecho,
} from './hechos';
import type { ClickProyectado, ImpresionProyectada } from './registros';

/** Ids of the rows a batch needs to read before it can be projected. */
export interface ReferenciasProyeccion {
  readonly impresiones: ReadonlySet<string>;
  readonly clicks: ReadonlySet<string>;
  readonly conversiones: ReadonlySet<string>;
  readonly comisiones: ReadonlySet<string>;
  readonly campanas: ReadonlySet<string>;
  readonly afiliados: ReadonlySet<string>;
}

/** The current rows of those ids (absent = not projected yet). */
export interface InstantaneaProyeccion {
  readonly impresionesExistentes: ReadonlySet<string>;
  readonly clicksExistentes: ReadonlySet<string>;
  readonly conversiones: ReadonlyMap<string, ConversionProyectada>;
  readonly comisiones: ReadonlyMap<string, ComisionProyectada>;
  readonly campanas: ReadonlyMap<string, CampanaProyectada>;
  readonly afiliados: ReadonlyMap<string, AfiliadoProyectado>;
}

/** Stable codes of the reasons an event leaves the projections unchanged (logged and counted, never retried). */
export type MotivoIgnorado =
  | 'IMPRESION_DUPLICADA'
  | 'CLICK_DUPLICADO'
  | 'CONVERSION_YA_REGISTRADA'
  | 'TRANSICION_CONVERSION_NO_PERMITIDA'
  | 'CONVERSION_DESCONOCIDA'
  | 'TRANSICION_COMISION_NO_PERMITIDA'
  | 'COMISION_DESCONOCIDA';

export interface EventoIgnorado {
  readonly eventId: string;
  readonly tipo: Hecho['tipo'];
  readonly motivo: MotivoIgnorado;
  readonly referencia: string;
  readonly estado?: string;
}

/** Everything a batch changes: new rows, rows to upsert, and the aggregated statistics increments. */
export interface CambiosProyeccion {
  readonly impresiones: ImpresionProyectada[];
  readonly clicks: ClickProyectado[];
  readonly conversiones: ConversionProyectada[];
  readonly comisiones: ComisionProyectada[];
  readonly campanas: CampanaProyectada[];
  readonly afiliados: AfiliadoProyectado[];
  readonly contadores: ContadorDelta[];
  readonly importes: ImporteDelta[];
  readonly ignorados: EventoIgnorado[];
}

/**
 * The projection rules, as a pure function of (facts of a batch, current rows) → changes. Facts are applied one
 * after the other in arrival order on an in-memory copy of the rows, so several events about the same conversion
 * or commission inside one batch compose exactly as if they had come in separate batches.
 *
 * Event semantics (the README documents them):
 * - ImpresionRegistrada / ClickRegistrado: a row per id (a second event for the same id is ignored) and +1
 *   impresiones / clicks for the campaign and the affiliate.
 * - ConversionRegistrada: a REGISTRADA row; no statistics change.
 * - ConversionValidada: +1 conversiones, and ventas_total += valor when tipo_conversion is `venta`.
 * - ConversionRechazada: +1 conversiones_rechazadas.
 * - ConversionRevertida (only from VALIDADA): −1 conversiones, −valor of ventas_total for a venta, +1
 *   conversiones_revertidas.
 * - ComisionCalculada: upsert by commission id (a running-total accrual REPLACES its amount);
 *   ComisionAprobada / Rechazada / Revertida and PagoRealizado (every comision_id → PAGADA) move the commission
 *   between states; the amounts follow `ComisionProyectada.aportes`.
 * - Campaign and affiliate lifecycle events keep the campaign's currency and the states.
 * Order tolerance across topics: counters are commutative increments, so a ComisionCalculada projected before its
 * campaign's CampanaCreada, or a click before the campaign is known, is counted all the same.
 */
export class Proyector {
  static referencias(hechos: readonly Hecho[]): ReferenciasProyeccion {
    const r = {
      impresiones: new Set<string>(),
      clicks: new Set<string>(),
      conversiones: new Set<string>(),
      comisiones: new Set<string>(),
      campanas: new Set<string>(),
      afiliados: new Set<string>(),
    };
    for (const h of hechos) {
      switch (h.tipo) {
        case 'ImpresionRegistrada':
          r.impresiones.add(h.id);
          break;
        case 'ClickRegistrado':
          r.clicks.add(h.id);
          break;
        case 'ConversionRegistrada':
        case 'ConversionValidada':
        case 'ConversionRechazada':
        case 'ConversionRevertida':
          r.conversiones.add(h.conversionId);
          break;
        case 'ComisionCalculada':
        case 'ComisionAprobada':
        case 'ComisionRechazada':
        case 'ComisionRevertida':
          r.comisiones.add(h.comisionId);
          break;
        case 'PagoRealizado':
          for (const id of h.comisionIds) r.comisiones.add(id);
          break;
        case 'CampanaCreada':
        case 'CampanaActivada':
        case 'CampanaPausada':
        case 'CampanaFinalizada':
        case 'PresupuestoAgotado':
          r.campanas.add(h.campanaId);
          break;
        case 'AfiliadoRegistrado':
        case 'AfiliadoActivado':
        case 'AfiliadoSuspendido':
        case 'AfiliadoReactivado':
          r.afiliados.add(h.afiliadoId);
          break;
      }
    }
    return r;
  }

  static proyectar(hechos: readonly Hecho[], instantanea: InstantaneaProyeccion): CambiosProyeccion {
    return new Proyeccion(instantanea).aplicar(hechos);
  }
}

/** One batch being projected (the mutable working copy behind `Proyector.proyectar`). */
class Proyeccion {
  private readonly deltas = new DeltasEstadisticas();
  private readonly impresionesVistas: Set<string>;
  private readonly clicksVistos: Set<string>;
  private readonly conversiones: Map<string, ConversionProyectada>;
  private readonly comisiones: Map<string, ComisionProyectada>;
  private readonly campanas: Map<string, CampanaProyectada>;
  private readonly afiliados: Map<string, AfiliadoProyectado>;
  private readonly impresionesNuevas: ImpresionProyectada[] = [];
  private readonly clicksNuevos: ClickProyectado[] = [];
  private readonly conversionesCambiadas = new Set<string>();
  private readonly comisionesCambiadas = new Set<string>();
  private readonly campanasCambiadas = new Set<string>();
  private readonly afiliadosCambiados = new Set<string>();
  private readonly ignorados: EventoIgnorado[] = [];

  constructor(instantanea: InstantaneaProyeccion) {
    this.impresionesVistas = new Set(instantanea.impresionesExistentes);
    this.clicksVistos = new Set(instantanea.clicksExistentes);
    this.conversiones = new Map(instantanea.conversiones);
    this.comisiones = new Map(instantanea.comisiones);
    this.campanas = new Map(instantanea.campanas);
    this.afiliados = new Map(instantanea.afiliados);
  }

  aplicar(hechos: readonly Hecho[]): CambiosProyeccion {
    for (const h of hechos) this.uno(h);
    return {
      impresiones: this.impresionesNuevas,
      clicks: this.clicksNuevos,
      conversiones: [...this.conversionesCambiadas].map((id) => this.conversiones.get(id) as ConversionProyectada),
      comisiones: [...this.comisionesCambiadas].map((id) => this.comisiones.get(id) as ComisionProyectada),
      campanas: [...this.campanasCambiadas].map((id) => this.campanas.get(id) as CampanaProyectada),
      afiliados: [...this.afiliadosCambiados].map((id) => this.afiliados.get(id) as AfiliadoProyectado),
      contadores: this.deltas.contadores(),
      importes: this.deltas.importes(),
      ignorados: this.ignorados,
    };
  }

  private uno(h: Hecho): void {
    switch (h.tipo) {
      case 'ImpresionRegistrada':
        if (this.impresionesVistas.has(h.id)) return this.ignorar(h, 'IMPRESION_DUPLICADA', h.id);
        this.impresionesVistas.add(h.id);
        this.impresionesNuevas.push({
          id: h.id,
          campanaId: h.campanaId,
          afiliadoId: h.afiliadoId,
          usuarioId: h.usuarioId,
          userAgent: h.userAgent,
          ipAddress: h.ipAddress,
          referrer: h.referrer,
          registradaEn: h.registradaEn,
        });
        this.deltas.contar(h.campanaId, h.afiliadoId, 'impresiones', 1);
        return;
      case 'ClickRegistrado':
        if (this.clicksVistos.has(h.id)) return this.ignorar(h, 'CLICK_DUPLICADO', h.id);
        this.clicksVistos.add(h.id);
        this.clicksNuevos.push({
          id: h.id,
          campanaId: h.campanaId,
          afiliadoId: h.afiliadoId,
          usuarioId: h.usuarioId,
          registradoEn: h.registradoEn,
        });
        this.deltas.contar(h.campanaId, h.afiliadoId, 'clicks', 1);
        return;
      case 'ConversionRegistrada':
        return this.conversionRegistrada(h);
      case 'ConversionValidada':
        return this.conversionValidada(h);
      case 'ConversionRechazada':
        return this.conversionRechazada(h);
      case 'ConversionRevertida':
        return this.conversionRevertida(h);
      case 'ComisionCalculada':
        return this.comisionCalculada(h);
      case 'ComisionAprobada':
      case 'ComisionRechazada':
      case 'ComisionRevertida':
        return this.comisionCambioEstado(h);
      case 'PagoRealizado':
        return this.pagoRealizado(h);
      case 'CampanaCreada':
        return this.campanaCreada(h);
      case 'CampanaActivada':
      case 'CampanaPausada':
      case 'CampanaFinalizada':
      case 'PresupuestoAgotado':
        return this.campanaCambioEstado(h);
      case 'AfiliadoRegistrado':
        return this.afiliadoRegistrado(h);
      case 'AfiliadoActivado':
      case 'AfiliadoSuspendido':
      case 'AfiliadoReactivado':
        return this.afiliadoCambioEstado(h);
    }
  }

  private conversionRegistrada(h: ConversionRegistradaHecho): void {
    if (this.conversiones.has(h.conversionId)) return this.ignorar(h, 'CONVERSION_YA_REGISTRADA', h.conversionId);
    this.guardarConversion(ConversionProyectada.registrada(h));
    this.deltas.tocar(h.campanaId, h.afiliadoId);
  }

  private conversionValidada(h: ConversionValidadaHecho): void {
    const actual = this.conversiones.get(h.conversionId);
    let conversion: ConversionProyectada;
    if (!actual) {
      conversion = ConversionProyectada.validadaSinRegistro(h);
    } else if (actual.validar(h)) {
      conversion = actual;
    } else {
      return this.ignorar(h, 'TRANSICION_CONVERSION_NO_PERMITIDA', h.conversionId, actual.estado);
    }
    this.guardarConversion(conversion);
    this.deltas.contar(conversion.campanaId, conversion.afiliadoId, 'conversiones', 1);
    const venta = conversion.venta;
    if (venta) this.deltas.sumar(conversion.campanaId, conversion.afiliadoId, 'ventasTotal', venta);
  }

  private conversionRechazada(h: ConversionRechazadaHecho): void {
    const actual = this.conversiones.get(h.conversionId);
    let conversion: ConversionProyectada;
    if (!actual) {
      conversion = ConversionProyectada.rechazadaSinRegistro(h);
    } else if (actual.rechazar(h)) {
      conversion = actual;
    } else {
      return this.ignorar(h, 'TRANSICION_CONVERSION_NO_PERMITIDA', h.conversionId, actual.estado);
    }
    this.guardarConversion(conversion);
    this.deltas.contar(conversion.campanaId, conversion.afiliadoId, 'conversionesRechazadas', 1);
  }

  private conversionRevertida(h: ConversionRevertidaHecho): void {
    const actual = this.conversiones.get(h.conversionId);
    if (!actual) return this.ignorar(h, 'CONVERSION_DESCONOCIDA', h.conversionId);
    if (!actual.revertir(h)) return this.ignorar(h, 'TRANSICION_CONVERSION_NO_PERMITIDA', h.conversionId, actual.estado);
    this.guardarConversion(actual);
    this.deltas.contar(actual.campanaId, actual.afiliadoId, 'conversiones', -1);
    this.deltas.contar(actual.campanaId, actual.afiliadoId, 'conversionesRevertidas', 1);
    const venta = actual.venta;
    if (venta) this.deltas.sumar(actual.campanaId, actual.afiliadoId, 'ventasTotal', venta.negate());
  }

  private comisionCalculada(h: ComisionCalculadaHecho): void {
    const actual = this.comisiones.get(h.comisionId);
    if (!actual) {
      const nueva = ComisionProyectada.calculada(h);
      this.guardarComision(nueva);
      this.sumarAportes(nueva, 1);
      return;
    }
    this.sumarAportes(actual, -1);
    actual.recalcular(h);
    this.sumarAportes(actual, 1);
    this.guardarComision(actual);
  }

  private comisionCambioEstado(h: ComisionCambioEstadoHecho): void {
    let comision = this.comisiones.get(h.comisionId);
    if (!comision) {
      // Its ComisionCalculada was never projected (e.g. dead-lettered upstream): start from what this event carries.
      comision = ComisionProyectada.pendienteDesde(h);
      this.sumarAportes(comision, 1);
      this.guardarComision(comision);
    }
    const antes = comision.estado;
    this.sumarAportes(comision, -1);
    const movida =
      h.tipo === 'ComisionAprobada'
        ? comision.aprobar(h.ocurridoEn)
        : h.tipo === 'ComisionRechazada'
          ? comision.rechazar(h.ocurridoEn, h.motivo)
          : comision.revertir(h.ocurridoEn, h.motivo);
    this.sumarAportes(comision, 1);
    if (!movida) return this.ignorar(h, 'TRANSICION_COMISION_NO_PERMITIDA', h.comisionId, antes);
    this.guardarComision(comision);
  }

  private pagoRealizado(h: PagoRealizadoHecho): void {
    for (const id of h.comisionIds) {
      const comision = this.comisiones.get(id);
      if (!comision) {
        this.ignorar(h, 'COMISION_DESCONOCIDA', id);
        continue;
      }
      const antes = comision.estado;
      this.sumarAportes(comision, -1);
      const movida = comision.pagar(h.ocurridoEn);
      this.sumarAportes(comision, 1);
      if (movida) this.guardarComision(comision);
      else this.ignorar(h, 'TRANSICION_COMISION_NO_PERMITIDA', id, antes);
    }
  }

  private campanaCreada(h: CampanaCreadaHecho): void {
    const actual = this.campanas.get(h.campanaId);
    this.guardarCampana({
      id: h.campanaId,
      nombre: h.nombre,
      moneda: h.moneda,
      // A lifecycle event projected before the creation (not possible per key, but cheap to tolerate) keeps its state.
      estado: actual && actual.estado !== 'DESCONOCIDO' ? actual.estado : 'BORRADOR',
      presupuestoAgotado: actual?.presupuestoAgotado ?? false,
      actualizadaEn: h.ocurridoEn,
    });
    this.deltas.tocar(h.campanaId, null);
  }

  private campanaCambioEstado(h: CampanaCambioEstadoHecho): void {
    const actual: CampanaProyectada = this.campanas.get(h.campanaId) ?? {
      id: h.campanaId,
      nombre: null,
      moneda: null,
      estado: 'DESCONOCIDO',
      presupuestoAgotado: false,
      actualizadaEn: h.ocurridoEn,
    };
    const estado: Record<CampanaCambioEstadoHecho['tipo'], EstadoCampana> = {
      CampanaActivada: 'ACTIVA',
      CampanaPausada: 'PAUSADA',
      CampanaFinalizada: 'FINALIZADA',
      PresupuestoAgotado: actual.estado,
    };
    this.guardarCampana({
      ...actual,
      estado: estado[h.tipo],
      presupuestoAgotado: actual.presupuestoAgotado || h.tipo === 'PresupuestoAgotado',
      actualizadaEn: h.ocurridoEn,
    });
    this.deltas.tocar(h.campanaId, null);
  }

  private afiliadoRegistrado(h: AfiliadoRegistradoHecho): void {
    const actual = this.afiliados.get(h.afiliadoId);
    this.guardarAfiliado({
      id: h.afiliadoId,
      nombre: h.nombre,
      tipoAfiliado: h.tipoAfiliado,
      estado: actual && actual.estado !== 'DESCONOCIDO' ? actual.estado : 'PENDIENTE',
      actualizadoEn: h.ocurridoEn,
    });
    this.deltas.tocar(null, h.afiliadoId);
  }

  private afiliadoCambioEstado(h: AfiliadoCambioEstadoHecho): void {
    const actual: AfiliadoProyectado = this.afiliados.get(h.afiliadoId) ?? {
      id: h.afiliadoId,
      nombre: null,
      tipoAfiliado: null,
      estado: 'DESCONOCIDO',
      actualizadoEn: h.ocurridoEn,
    };
    const estado: Record<AfiliadoCambioEstadoHecho['tipo'], EstadoAfiliado> = {
      AfiliadoActivado: 'ACTIVO',
      AfiliadoSuspendido: 'SUSPENDIDO',
      AfiliadoReactivado: 'ACTIVO',
    };
    this.guardarAfiliado({ ...actual, estado: estado[h.tipo], actualizadoEn: h.ocurridoEn });
    this.deltas.tocar(null, h.afiliadoId);
  }

  private sumarAportes(comision: ComisionProyectada, signo: 1 | -1): void {
    const aportes = comision.aportes();
    const { campanaId, afiliadoId } = comision;
    const con = (m: typeof aportes.total) => (signo === 1 ? m : m.negate());
    this.deltas.sumar(campanaId, afiliadoId, 'comisionesTotal', con(aportes.total));
    this.deltas.sumar(campanaId, afiliadoId, 'comisionesAprobadas', con(aportes.aprobadas));
    this.deltas.sumar(campanaId, afiliadoId, 'comisionesPagadas', con(aportes.pagadas));
  }

  private guardarConversion(c: ConversionProyectada): void {
    this.conversiones.set(c.id, c);
    this.conversionesCambiadas.add(c.id);
  }

  private guardarComision(c: ComisionProyectada): void {
    this.comisiones.set(c.id, c);
    this.comisionesCambiadas.add(c.id);
  }

  private guardarCampana(c: CampanaProyectada): void {
    this.campanas.set(c.id, c);
    this.campanasCambiadas.add(c.id);
  }

  private guardarAfiliado(a: AfiliadoProyectado): void {
    this.afiliados.set(a.id, a);
    this.afiliadosCambiados.add(a.id);
  }

  private ignorar(h: Hecho, motivo: MotivoIgnorado, referencia: string, estado?: string): void {
    this.ignorados.push({ eventId: h.eventId, tipo: h.tipo, motivo, referencia, ...(estado ? { estado } : {}) });
  }
}
