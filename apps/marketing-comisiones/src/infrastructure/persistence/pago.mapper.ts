import { Money } from '@alpes/seedwork';
import { Pago, type EstadoPago } from '../../domain/pago/pago.aggregate';
import { PagoOrmEntity } from './pago.orm-entity';

export const PagoMapper = {
  toDomain(row: PagoOrmEntity): Pago {
    return Pago.rehidratar(
      row.id,
      {
        afiliadoId: row.afiliadoId,
        comisionIds: JSON.parse(row.comisionIds) as string[],
        monto: Money.of(row.monto, row.moneda),
        estado: row.estado as EstadoPago,
        motivoFallo: row.motivoFallo,
        referenciaProveedor: row.referenciaProveedor,
        creadoEn: row.creadoEn,
        actualizadoEn: row.actualizadoEn,
        ejecutadoEn: row.ejecutadoEn,
      },
      row.version,
    );
  },

  toOrm(pago: Pago, version: number): PagoOrmEntity {
    const p = pago.getProps();
    const row = new PagoOrmEntity();
    row.id = pago.id;
    row.afiliadoId = p.afiliadoId;
    row.comisionIds = JSON.stringify(p.comisionIds);
    row.monto = p.monto.toFixed();
    row.moneda = p.monto.currency;
    row.estado = p.estado;
    row.motivoFallo = p.motivoFallo;
    row.referenciaProveedor = p.referenciaProveedor;
    row.version = version;
    row.creadoEn = p.creadoEn;
    row.actualizadoEn = p.actualizadoEn;
    row.ejecutadoEn = p.ejecutadoEn;
    return row;
  },
};
