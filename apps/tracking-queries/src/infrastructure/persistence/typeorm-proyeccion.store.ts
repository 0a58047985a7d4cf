import type { EntityManager } from 'typeorm';
import type { ProyeccionStore } from '../../domain/proyeccion/proyeccion.store.port';
import type { CambiosProyeccion, InstantaneaProyeccion, ReferenciasProyeccion } from '../../domain/proyeccion/proyector';
import type { ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';
import {
  COLUMNAS_AFILIADO,
  COLUMNAS_CAMPANA,
  COLUMNAS_CLICK,
  COLUMNAS_COMISION,
  COLUMNAS_CONVERSION,
  COLUMNAS_IMPRESION,
  ProyeccionMapper,
  type AfiliadoRow,
  type CampanaRow,
  type ComisionRow,
  type ConversionRow,
} from './proyeccion.mapper';
import { incrementar, insertarFilas, reemplazar, seleccionarPorIds } from './sql';
import { tablasDe, type TablasProyeccion } from './tablas';

const CONTADORES = ['impresiones', 'clicks', 'conversiones', 'conversiones_rechazadas', 'conversiones_revertidas'] as const;
const IMPORTES = ['ventas_total', 'comisiones_total', 'comisiones_aprobadas', 'comisiones_pagadas'] as const;

/**
 * `ProyeccionStore` on one set of tables, inside the caller's transaction. Per batch: one SELECT per kind of row
 * referred to, then multi-row INSERTs (impressions, clicks), multi-row upserts (conversions, commissions, campaigns,
 * affiliates) and one `INSERT … ON DUPLICATE KEY UPDATE x = x + VALUES(x)` per counter table with the batch's
 * aggregated increments (rows sorted by key, so concurrent batches lock them in the same order).
 * New impressions and clicks are plain INSERTs: should a concurrent batch have inserted the same id, the duplicate
 * key fails the batch, which is retried and then sees the row (never counted twice).
 */
export class TypeormProyeccionStore implements ProyeccionStore {
  private readonly t: TablasProyeccion;

  constructor(
    private readonly manager: EntityManager,
    readonly conjunto: ConjuntoTablas,
  ) {
    this.t = tablasDe(conjunto);
  }

  async cargar(r: ReferenciasProyeccion): Promise<InstantaneaProyeccion> {
    const m = this.manager;
    const [impresiones, clicks, conversiones, comisiones, campanas, afiliados] = [
      await seleccionarPorIds<{ id: string }>(m, (q) => `SELECT id FROM \`${this.t.impresiones}\` WHERE id IN (${q})`, r.impresiones),
      await seleccionarPorIds<{ id: string }>(m, (q) => `SELECT id FROM \`${this.t.clicks}\` WHERE id IN (${q})`, r.clicks),
      await seleccionarPorIds<ConversionRow>(m, (q) => `SELECT * FROM \`${this.t.conversiones}\` WHERE id IN (${q})`, r.conversiones),
      await seleccionarPorIds<ComisionRow>(m, (q) => `SELECT * FROM \`${this.t.comisiones}\` WHERE id IN (${q})`, r.comisiones),
      await seleccionarPorIds<CampanaRow>(m, (q) => `SELECT * FROM \`${this.t.campanas}\` WHERE id IN (${q})`, r.campanas),
      await seleccionarPorIds<AfiliadoRow>(m, (q) => `SELECT * FROM \`${this.t.afiliados}\` WHERE id IN (${q})`, r.afiliados),
    ];
    return {
      impresionesExistentes: new Set(impresiones.map((x) => x.id)),
      clicksExistentes: new Set(clicks.map((x) => x.id)),
      conversiones: new Map(conversiones.map((x) => [x.id, ProyeccionMapper.conversionDesde(x)])),
      comisiones: new Map(comisiones.map((x) => [x.id, ProyeccionMapper.comisionDesde(x)])),
      campanas: new Map(campanas.map((x) => [x.id, ProyeccionMapper.campanaDesde(x)])),
      afiliados: new Map(afiliados.map((x) => [x.id, ProyeccionMapper.afiliadoDesde(x)])),
    };
  }

  async aplicar(c: CambiosProyeccion): Promise<void> {
    const m = this.manager;
    await insertarFilas(
      m,
      this.t.impresiones,
      COLUMNAS_IMPRESION,
      c.impresiones.map((i) => [i.id, i.campanaId, i.afiliadoId, i.usuarioId, i.userAgent, i.ipAddress, i.referrer, i.registradaEn]),
    );
    await insertarFilas(
      m,
      this.t.clicks,
      COLUMNAS_CLICK,
      c.clicks.map((k) => [k.id, k.campanaId, k.afiliadoId, k.usuarioId, k.registradoEn]),
    );
    await insertarFilas(m, this.t.conversiones, COLUMNAS_CONVERSION, c.conversiones.map(ProyeccionMapper.conversionAFila), reemplazar(COLUMNAS_CONVERSION.slice(1)));
    await insertarFilas(m, this.t.comisiones, COLUMNAS_COMISION, c.comisiones.map(ProyeccionMapper.comisionAFila), reemplazar(COLUMNAS_COMISION.slice(1)));
    await insertarFilas(m, this.t.campanas, COLUMNAS_CAMPANA, c.campanas.map(ProyeccionMapper.campanaAFila), reemplazar(COLUMNAS_CAMPANA.slice(1)));
    await insertarFilas(m, this.t.afiliados, COLUMNAS_AFILIADO, c.afiliados.map(ProyeccionMapper.afiliadoAFila), reemplazar(COLUMNAS_AFILIADO.slice(1)));
    await insertarFilas(
      m,
      this.t.estadisticas,
      ['ambito', 'ref_id', ...CONTADORES],
      c.contadores.map((d) => [d.ambito, d.refId, d.impresiones, d.clicks, d.conversiones, d.conversionesRechazadas, d.conversionesRevertidas]),
      incrementar(CONTADORES),
    );
    await insertarFilas(
      m,
      this.t.importes,
      ['ambito', 'ref_id', 'moneda', ...IMPORTES],
      c.importes.map((d) => [
        d.ambito,
        d.refId,
        d.moneda,
        d.ventasTotal.toFixed(),
        d.comisionesTotal.toFixed(),
        d.comisionesAprobadas.toFixed(),
        d.comisionesPagadas.toFixed(),
      ]),
      incrementar(IMPORTES),
    );
  }
}
