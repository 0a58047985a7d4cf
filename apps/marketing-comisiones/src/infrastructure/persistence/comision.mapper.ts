import { Money, Percentage } from '@alpes/seedwork';
import { Comision } from '../../domain/comision/comision.aggregate';
import type { EstadoComision, TipoComision } from '../../domain/comision/estado-comision';
import type { Modelo } from '../../domain/shared/tipos';
import { ComisionOrmEntity } from './comision.orm-entity';

export const ComisionMapper = {
  toDomain(row: ComisionOrmEntity): Comision {
    return Comision.rehidratar(
      row.id,
      {
        tipo: row.tipo as TipoComision,
        conversionId: row.conversionId,
        afiliadoId: row.afiliadoId,
        campanaId: row.campanaId,
        modelo: row.modelo as Modelo | null,
        base: row.base,
        porcentaje: row.porcentaje === null ? null : Percentage.of(row.porcentaje),
        monto: Money.of(row.monto, row.moneda),
        estado: row.estado as EstadoComision,
        motivo: row.motivo,
        periodo: row.periodo,
        cantidad: Number(row.cantidad),
        pagoId: row.pagoId,
        comisionOrigenId: row.comisionOrigenId,
        publicacionPendiente: Boolean(row.publicacionPendiente),
        valorConversion: row.valorConversion,
        monedaConversion: row.monedaConversion,
        creadoEn: row.creadoEn,
        actualizadoEn: row.actualizadoEn,
      },
      row.version,
    );
  },

  toOrm(comision: Comision, version: number): ComisionOrmEntity {
    const p = comision.getProps();
    const row = new ComisionOrmEntity();
    row.id = comision.id;
    row.tipo = p.tipo;
    row.conversionId = p.conversionId;
    row.afiliadoId = p.afiliadoId;
    row.campanaId = p.campanaId;
    row.modelo = p.modelo;
    row.base = p.base;
    row.porcentaje = p.porcentaje ? p.porcentaje.toString() : null;
    row.monto = p.monto.toFixed();
    row.moneda = p.monto.currency;
    row.estado = p.estado;
    row.motivo = p.motivo;
    row.periodo = p.periodo;
    row.cantidad = p.cantidad;
    row.pagoId = p.pagoId;
    row.comisionOrigenId = p.comisionOrigenId;
    row.publicacionPendiente = p.publicacionPendiente;
    row.valorConversion = p.valorConversion;
    row.monedaConversion = p.monedaConversion;
    row.version = version;
    row.creadoEn = p.creadoEn;
    row.actualizadoEn = p.actualizadoEn;
    return row;
  },
};
