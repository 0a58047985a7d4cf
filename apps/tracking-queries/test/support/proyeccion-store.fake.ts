import { Money } from '@alpes/seedwork';
import type { AfiliadoProyectado, CampanaProyectada } from '../../src/domain/proyeccion/campana-proyectada';
import { ComisionProyectada } from '../../src/domain/proyeccion/comision-proyectada.entity';
import { ConversionProyectada } from '../../src/domain/proyeccion/conversion-proyectada.entity';
import { CAMPOS_CONTADOR, CAMPOS_IMPORTE, type CampoContador, type CampoImporte } from '../../src/domain/proyeccion/deltas-estadisticas';
import type { ProyeccionStore } from '../../src/domain/proyeccion/proyeccion.store.port';
import type { CambiosProyeccion, InstantaneaProyeccion, ReferenciasProyeccion } from '../../src/domain/proyeccion/proyector';
import type { ClickProyectado, ImpresionProyectada } from '../../src/domain/proyeccion/registros';
import type { Ambito } from '../../src/domain/proyeccion/ambito';

/** In-memory ProyeccionStore (the port's fake for unit tests): rows copied in and out like a database would. */
export class ProyeccionStoreFake implements ProyeccionStore {
  readonly impresiones = new Map<string, ImpresionProyectada>();
  readonly clicks = new Map<string, ClickProyectado>();
  readonly conversiones = new Map<string, ConversionProyectada>();
  readonly comisiones = new Map<string, ComisionProyectada>();
  readonly campanas = new Map<string, CampanaProyectada>();
  readonly afiliados = new Map<string, AfiliadoProyectado>();
  readonly contadores = new Map<string, Record<CampoContador, number>>();
  readonly importes = new Map<string, Record<CampoImporte, Money>>();
  /** Counter rows written per `aplicar` call (to check "once per batch"). */
  readonly escriturasContadores: number[] = [];

  async cargar(r: ReferenciasProyeccion): Promise<InstantaneaProyeccion> {
    return {
      impresionesExistentes: new Set([...r.impresiones].filter((id) => this.impresiones.has(id))),
      clicksExistentes: new Set([...r.clicks].filter((id) => this.clicks.has(id))),
      conversiones: new Map(
        [...r.conversiones].flatMap((id) => {
          const c = this.conversiones.get(id);
          return c ? [[id, ConversionProyectada.restaurar(id, { ...c.getProps() })] as const] : [];
        }),
      ),
      comisiones: new Map(
        [...r.comisiones].flatMap((id) => {
          const c = this.comisiones.get(id);
          return c ? [[id, ComisionProyectada.restaurar(id, { ...c.getProps() })] as const] : [];
        }),
      ),
      campanas: new Map([...this.campanas].filter(([id]) => r.campanas.has(id))),
      afiliados: new Map([...this.afiliados].filter(([id]) => r.afiliados.has(id))),
    };
  }

  async aplicar(c: CambiosProyeccion): Promise<void> {
    for (const i of c.impresiones) {
      if (this.impresiones.has(i.id)) throw new Error(`duplicate impression ${i.id}`);
      this.impresiones.set(i.id, i);
    }
    for (const k of c.clicks) {
      if (this.clicks.has(k.id)) throw new Error(`duplicate click ${k.id}`);
      this.clicks.set(k.id, k);
    }
    for (const x of c.conversiones) this.conversiones.set(x.id, ConversionProyectada.restaurar(x.id, { ...x.getProps() }));
    for (const x of c.comisiones) this.comisiones.set(x.id, ComisionProyectada.restaurar(x.id, { ...x.getProps() }));
    for (const x of c.campanas) this.campanas.set(x.id, x);
    for (const x of c.afiliados) this.afiliados.set(x.id, x);
    for (const d of c.contadores) {
      const key = `${d.ambito}|${d.refId}`;
      const row = this.contadores.get(key) ?? { impresiones: 0, clicks: 0, conversiones: 0, conversionesRechazadas: 0, conversionesRevertidas: 0 };
      for (const campo of CAMPOS_CONTADOR) row[campo] += d[campo];
      this.contadores.set(key, row);
    }
    for (const d of c.importes) {
      const key = `${d.ambito}|${d.refId}|${d.moneda}`;
      const cero = Money.zero(d.moneda);
      const row = this.importes.get(key) ?? { ventasTotal: cero, comisionesTotal: cero, comisionesAprobadas: cero, comisionesPagadas: cero };
      for (const campo of CAMPOS_IMPORTE) row[campo] = row[campo].add(d[campo]);
      this.importes.set(key, row);
    }
    this.escriturasContadores.push(c.contadores.length);
  }

  contador(ambito: Ambito, id: string): Record<CampoContador, number> | undefined {
    return this.contadores.get(`${ambito}|${id}`);
  }

  /** Amounts as fixed strings ("150000.00"), or undefined when no row. */
  importe(ambito: Ambito, id: string, moneda: string): Record<CampoImporte, string> | undefined {
    const row = this.importes.get(`${ambito}|${id}|${moneda}`);
    if (!row) return undefined;
    return {
      ventasTotal: row.ventasTotal.toFixed(),
      comisionesTotal: row.comisionesTotal.toFixed(),
      comisionesAprobadas: row.comisionesAprobadas.toFixed(),
      comisionesPagadas: row.comisionesPagadas.toFixed(),
    };
  }

  /** Counters and amounts as plain values, amount rows that are all zero left out (a database row of zeros = no row). */
  resumen(): { contadores: Record<string, Record<CampoContador, number>>; importes: Record<string, Record<CampoImporte, string>> } {
    const importes: Record<string, Record<CampoImporte, string>> = {};
    for (const [key, row] of [...this.importes].sort(([a], [b]) => a.localeCompare(b))) {
      if (CAMPOS_IMPORTE.every((campo) => row[campo].isZero())) continue;
      importes[key] = Object.fromEntries(CAMPOS_IMPORTE.map((campo) => [campo, row[campo].toFixed()])) as Record<CampoImporte, string>;
    }
    return { contadores: Object.fromEntries([...this.contadores].sort(([a], [b]) => a.localeCompare(b))), importes };
  }
}
