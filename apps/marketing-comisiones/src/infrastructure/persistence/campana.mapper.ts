import { Money } from '@alpes/seedwork';
import { Campana } from '../../domain/campana/campana.aggregate';
import type { EstadoCampana } from '../../domain/campana/estado-campana';
import { ReglaComision } from '../../domain/campana/regla-comision.value-object';
import { ReglasComision } from '../../domain/campana/reglas-comision';
import type { Modelo, TipoConversion, TipoEvento } from '../../domain/shared/tipos';
import { CampanaOrmEntity } from './campana.orm-entity';

interface ReglaFila {
  tipo_evento: TipoEvento;
  tipo_conversion: TipoConversion | null;
  modelo: Modelo;
  valor: string;
}

export const CampanaMapper = {
  toDomain(row: CampanaOrmEntity): Campana {
    const reglas = (JSON.parse(row.reglasComision) as ReglaFila[]).map((r) =>
      ReglaComision.rehidratar({ tipoEvento: r.tipo_evento, tipoConversion: r.tipo_conversion, modelo: r.modelo, valor: r.valor }),
    );
    return Campana.rehidratar(
      row.id,
      {
        nombre: row.nombre,
        producto: row.producto,
        marca: row.marca,
        presupuesto: Money.of(row.presupuesto, row.moneda),
        presupuestoDisponible: Money.of(row.presupuestoDisponible, row.moneda),
        fechaInicio: row.fechaInicio,
        fechaFin: row.fechaFin,
        ventanaAtribucionDias: row.ventanaAtribucionDias,
        reglas: ReglasComision.rehidratar(reglas),
        afiliadosIds: JSON.parse(row.afiliadosIds) as string[],
        estado: row.estado as EstadoCampana,
        huellaCreacion: row.huellaCreacion,
        creadoEn: row.creadoEn,
        actualizadoEn: row.actualizadoEn,
      },
      row.version,
    );
  },

  toOrm(campana: Campana, version: number): CampanaOrmEntity {
    const p = campana.getProps();
    const row = new CampanaOrmEntity();
    row.id = campana.id;
    row.nombre = p.nombre;
    row.producto = p.producto;
    row.marca = p.marca;
    row.presupuesto = p.presupuesto.toFixed();
    row.presupuestoDisponible = p.presupuestoDisponible.toFixed();
    row.moneda = p.presupuesto.currency;
    row.fechaInicio = p.fechaInicio;
    row.fechaFin = p.fechaFin;
    row.ventanaAtribucionDias = p.ventanaAtribucionDias;
    row.reglasComision = JSON.stringify(
      p.reglas.todas().map((r): ReglaFila => ({ tipo_evento: r.tipoEvento, tipo_conversion: r.tipoConversion, modelo: r.modelo, valor: r.valor })),
    );
    row.afiliadosIds = JSON.stringify(p.afiliadosIds);
    row.estado = p.estado;
    row.huellaCreacion = p.huellaCreacion;
    row.version = version;
    row.creadoEn = p.creadoEn;
    row.actualizadoEn = p.actualizadoEn;
    return row;
  },
};
