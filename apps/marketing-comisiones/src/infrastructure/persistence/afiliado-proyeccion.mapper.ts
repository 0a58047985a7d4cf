import { Percentage } from '@alpes/seedwork';
import { AfiliadoProyeccion } from '../../domain/afiliado/afiliado-proyeccion';
import { AfiliadoProyeccionOrmEntity } from './afiliado-proyeccion.orm-entity';

export const AfiliadoProyeccionMapper = {
  toDomain(row: AfiliadoProyeccionOrmEntity): AfiliadoProyeccion {
    return AfiliadoProyeccion.rehidratar({
      id: row.id,
      estado: row.estado,
      tipoAfiliado: row.tipoAfiliado,
      comisionBase: Percentage.of(row.comisionBase),
      comisionPremium: row.comisionPremium === null ? null : Percentage.of(row.comisionPremium),
      actualizadoEn: row.actualizadoEn,
    });
  },

  toOrm(afiliado: AfiliadoProyeccion): AfiliadoProyeccionOrmEntity {
    const p = afiliado.snapshot();
    const row = new AfiliadoProyeccionOrmEntity();
    row.id = p.id;
    row.estado = p.estado;
    row.tipoAfiliado = p.tipoAfiliado;
    row.comisionBase = p.comisionBase.toString();
    row.comisionPremium = p.comisionPremium ? p.comisionPremium.toString() : null;
    row.actualizadoEn = p.actualizadoEn;
    return row;
  },
};
