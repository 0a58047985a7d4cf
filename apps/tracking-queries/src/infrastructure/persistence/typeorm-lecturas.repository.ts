import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PageRequest, Paginated } from '@alpes/seedwork';
import type { DatosEstadisticas, ImportesEnMoneda } from '../../domain/estadisticas/estadisticas.value-object';
import type { LecturasRepository } from '../../domain/estadisticas/lecturas.repository.port';
import type { Ambito } from '../../domain/proyeccion/ambito';
import type { ConversionProyectada, EstadoConversion } from '../../domain/proyeccion/conversion-proyectada.entity';
import type { ImpresionProyectada } from '../../domain/proyeccion/registros';
import { leerConjuntoActivo } from './control';
import { ProyeccionMapper, type ConversionRow, type ImpresionRow } from './proyeccion.mapper';
import { tablasDe, type TablasProyeccion } from './tablas';

interface EstadisticasRow {
  impresiones: string;
  clicks: string;
  conversiones: string;
  conversiones_rechazadas: string;
  conversiones_revertidas: string;
}

interface ImportesRow {
  moneda: string;
  ventas_total: string;
  comisiones_total: string;
  comisiones_aprobadas: string;
  comisiones_pagadas: string;
}

/** Queries over the ACTIVE set (during a rebuild: the old, still live-updated tables, until the switch). */
@Injectable()
export class TypeormLecturasRepository implements LecturasRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async impresion(id: string): Promise<ImpresionProyectada | null> {
    const t = await this.tablas();
    const rows = (await this.dataSource.query(`SELECT * FROM \`${t.impresiones}\` WHERE id = ?`, [id])) as ImpresionRow[];
    return rows[0] ? ProyeccionMapper.impresionDesde(rows[0]) : null;
  }

  async conversion(id: string): Promise<ConversionProyectada | null> {
    const t = await this.tablas();
    const rows = (await this.dataSource.query(`SELECT * FROM \`${t.conversiones}\` WHERE id = ?`, [id])) as ConversionRow[];
    return rows[0] ? ProyeccionMapper.conversionDesde(rows[0]) : null;
  }

  async impresionesDe(ambito: Ambito, id: string, page: PageRequest): Promise<Paginated<ImpresionProyectada>> {
    const t = await this.tablas();
    const columna = columnaDe(ambito);
    // The counter row counts exactly the impression rows of this campaign/affiliate (same transaction), so the
    // total needs no COUNT(*) over millions of rows.
    const [contador] = (await this.dataSource.query(`SELECT impresiones FROM \`${t.estadisticas}\` WHERE ambito = ? AND ref_id = ?`, [
      ambito,
      id,
    ])) as { impresiones: string }[];
    const rows = (await this.dataSource.query(
      `SELECT * FROM \`${t.impresiones}\` WHERE ${columna} = ? ORDER BY registrada_en DESC, id DESC LIMIT ? OFFSET ?`,
      [id, page.limit, page.offset],
    )) as ImpresionRow[];
    return page.toPaginated(rows.map(ProyeccionMapper.impresionDesde), Number(contador?.impresiones ?? 0));
  }

  async conversionesDe(ambito: Ambito, id: string, page: PageRequest, estado?: EstadoConversion): Promise<Paginated<ConversionProyectada>> {
    const t = await this.tablas();
    const columna = columnaDe(ambito);
    const filtro = estado ? ' AND estado = ?' : '';
    const params = estado ? [id, estado] : [id];
    const [total] = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM \`${t.conversiones}\` WHERE ${columna} = ?${filtro}`, params)) as {
      n: string;
    }[];
    const rows = (await this.dataSource.query(
      `SELECT * FROM \`${t.conversiones}\` WHERE ${columna} = ?${filtro} ORDER BY registrada_en DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, page.limit, page.offset],
    )) as ConversionRow[];
    return page.toPaginated(rows.map(ProyeccionMapper.conversionDesde), Number(total?.n ?? 0));
  }

  async existe(ambito: Ambito, id: string): Promise<boolean> {
    const t = await this.tablas();
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM \`${t.estadisticas}\` WHERE ambito = ? AND ref_id = ?
       UNION ALL SELECT 1 FROM \`${ambito === 'campana' ? t.campanas : t.afiliados}\` WHERE id = ? LIMIT 1`,
      [ambito, id, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async datosEstadisticas(ambito: Ambito, id: string): Promise<DatosEstadisticas | null> {
    const t = await this.tablas();
    const [contador] = (await this.dataSource.query(
      `SELECT impresiones, clicks, conversiones, conversiones_rechazadas, conversiones_revertidas FROM \`${t.estadisticas}\` WHERE ambito = ? AND ref_id = ?`,
      [ambito, id],
    )) as EstadisticasRow[];
    const [campana] =
      ambito === 'campana'
        ? ((await this.dataSource.query(`SELECT moneda FROM \`${t.campanas}\` WHERE id = ?`, [id])) as { moneda: string | null }[])
        : ((await this.dataSource.query(`SELECT NULL AS moneda FROM \`${t.afiliados}\` WHERE id = ?`, [id])) as { moneda: null }[]);
    if (!contador && !campana) return null;
    const importes = (await this.dataSource.query(
      `SELECT moneda, ventas_total, comisiones_total, comisiones_aprobadas, comisiones_pagadas FROM \`${t.importes}\` WHERE ambito = ? AND ref_id = ?`,
      [ambito, id],
    )) as ImportesRow[];
    return {
      ambito,
      id,
      contadores: {
        impresiones: Number(contador?.impresiones ?? 0),
        clicks: Number(contador?.clicks ?? 0),
        conversiones: Number(contador?.conversiones ?? 0),
        conversionesRechazadas: Number(contador?.conversiones_rechazadas ?? 0),
        conversionesRevertidas: Number(contador?.conversiones_revertidas ?? 0),
      },
      importes: importes.map(
        (r): ImportesEnMoneda => ({
          moneda: r.moneda,
          ventasTotal: r.ventas_total,
          comisionesTotal: r.comisiones_total,
          comisionesAprobadas: r.comisiones_aprobadas,
          comisionesPagadas: r.comisiones_pagadas,
        }),
      ),
      monedaDeCampana: campana?.moneda ?? null,
    };
  }

  private async tablas(): Promise<TablasProyeccion> {
    return tablasDe(await leerConjuntoActivo(this.dataSource, 'sin_bloqueo'));
  }
}

function columnaDe(ambito: Ambito): 'campana_id' | 'afiliado_id' {
  return ambito === 'campana' ? 'campana_id' : 'afiliado_id';
}
