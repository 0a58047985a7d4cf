import { Money } from '@alpes/seedwork';
import type { AfiliadoProyectado, CampanaProyectada, EstadoAfiliado, EstadoCampana } from '../../domain/proyeccion/campana-proyectada';
import { ComisionProyectada, type EstadoComision } from '../../domain/proyeccion/comision-proyectada.entity';
import { ConversionProyectada, type EstadoConversion } from '../../domain/proyeccion/conversion-proyectada.entity';
import type { ImpresionProyectada } from '../../domain/proyeccion/registros';

export interface ImpresionRow {
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id: string | null;
  user_agent: string | null;
  ip_address: string | null;
  referrer: string | null;
  registrada_en: Date;
}

export interface ConversionRow {
  id: string;
  estado: string;
  campana_id: string | null;
  afiliado_id: string | null;
  click_id: string | null;
  tipo_conversion: string;
  valor: string;
  moneda: string;
  referencia_externa: string | null;
  usuario_id: string | null;
  motivo_rechazo: string | null;
  detalle_rechazo: string | null;
  motivo_reversion: string | null;
  registrada_en: Date;
  actualizada_en: Date;
}

export interface ComisionRow {
  id: string;
  conversion_id: string | null;
  campana_id: string;
  afiliado_id: string;
  modelo: string | null;
  monto: string;
  moneda: string;
  periodo: string | null;
  estado: string;
  motivo: string | null;
  actualizada_en: Date;
}

export interface CampanaRow {
  id: string;
  nombre: string | null;
  moneda: string | null;
  estado: string;
  presupuesto_agotado: number | string;
  actualizada_en: Date;
}

export interface AfiliadoRow {
  id: string;
  nombre: string | null;
  tipo_afiliado: string | null;
  estado: string;
  actualizado_en: Date;
}

export const COLUMNAS_IMPRESION = ['id', 'campana_id', 'afiliado_id', 'usuario_id', 'user_agent', 'ip_address', 'referrer', 'registrada_en'] as const;
export const COLUMNAS_CLICK = ['id', 'campana_id', 'afiliado_id', 'usuario_id', 'registrado_en'] as const;
export const COLUMNAS_CONVERSION = [
  'id',
  'estado',
  'campana_id',
  'afiliado_id',
  'click_id',
  'tipo_conversion',
  'valor',
  'moneda',
  'referencia_externa',
  'usuario_id',
  'motivo_rechazo',
  'detalle_rechazo',
  'motivo_reversion',
  'registrada_en',
  'actualizada_en',
] as const;
export const COLUMNAS_COMISION = [
  'id',
  'conversion_id',
  'campana_id',
  'afiliado_id',
  'modelo',
  'monto',
  'moneda',
  'periodo',
  'estado',
  'motivo',
  'actualizada_en',
] as const;
export const COLUMNAS_CAMPANA = ['id', 'nombre', 'moneda', 'estado', 'presupuesto_agotado', 'actualizada_en'] as const;
export const COLUMNAS_AFILIADO = ['id', 'nombre', 'tipo_afiliado', 'estado', 'actualizado_en'] as const;

/** Rows ⇄ read-model objects. Amounts travel as exact decimal strings, never as JS numbers. */
export const ProyeccionMapper = {
  impresionDesde(r: ImpresionRow): ImpresionProyectada {
    return {
      id: r.id,
      campanaId: r.campana_id,
      afiliadoId: r.afiliado_id,
      usuarioId: r.usuario_id,
      userAgent: r.user_agent,
      ipAddress: r.ip_address,
      referrer: r.referrer,
      registradaEn: new Date(r.registrada_en),
    };
  },

  conversionDesde(r: ConversionRow): ConversionProyectada {
    return ConversionProyectada.restaurar(r.id, {
      estado: r.estado as EstadoConversion,
      campanaId: r.campana_id,
      afiliadoId: r.afiliado_id,
      clickId: r.click_id,
      tipoConversion: r.tipo_conversion,
      valor: Money.of(r.valor, r.moneda),
      referenciaExterna: r.referencia_externa,
      usuarioId: r.usuario_id,
      motivoRechazo: r.motivo_rechazo,
      detalleRechazo: r.detalle_rechazo,
      motivoReversion: r.motivo_reversion,
      registradaEn: new Date(r.registrada_en),
      actualizadaEn: new Date(r.actualizada_en),
    });
  },

  conversionAFila(c: ConversionProyectada): unknown[] {
    const p = c.getProps();
    return [
      c.id,
      p.estado,
      p.campanaId,
      p.afiliadoId,
      p.clickId,
      p.tipoConversion,
      p.valor.toFixed(),
      p.valor.currency,
      p.referenciaExterna,
      p.usuarioId,
      p.motivoRechazo,
      p.detalleRechazo,
      p.motivoReversion,
      p.registradaEn,
      p.actualizadaEn,
    ];
  },

  comisionDesde(r: ComisionRow): ComisionProyectada {
    return ComisionProyectada.restaurar(r.id, {
      conversionId: r.conversion_id,
      campanaId: r.campana_id,
      afiliadoId: r.afiliado_id,
      modelo: r.modelo,
      monto: Money.of(r.monto, r.moneda),
      periodo: r.periodo,
      estado: r.estado as EstadoComision,
      motivo: r.motivo,
      actualizadaEn: new Date(r.actualizada_en),
    });
  },

  comisionAFila(c: ComisionProyectada): unknown[] {
    const p = c.getProps();
    return [c.id, p.conversionId, p.campanaId, p.afiliadoId, p.modelo, p.monto.toFixed(), p.monto.currency, p.periodo, p.estado, p.motivo, p.actualizadaEn];
  },

  campanaDesde(r: CampanaRow): CampanaProyectada {
    return {
      id: r.id,
      nombre: r.nombre,
      moneda: r.moneda,
      estado: r.estado as EstadoCampana,
      presupuestoAgotado: Number(r.presupuesto_agotado) === 1,
      actualizadaEn: new Date(r.actualizada_en),
    };
  },

  campanaAFila(c: CampanaProyectada): unknown[] {
    return [c.id, c.nombre, c.moneda, c.estado, c.presupuestoAgotado ? 1 : 0, c.actualizadaEn];
  },

  afiliadoDesde(r: AfiliadoRow): AfiliadoProyectado {
    return { id: r.id, nombre: r.nombre, tipoAfiliado: r.tipo_afiliado, estado: r.estado as EstadoAfiliado, actualizadoEn: new Date(r.actualizado_en) };
  },

  afiliadoAFila(a: AfiliadoProyectado): unknown[] {
    return [a.id, a.nombre, a.tipoAfiliado, a.estado, a.actualizadoEn];
  },
};
