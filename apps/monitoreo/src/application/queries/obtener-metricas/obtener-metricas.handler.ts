import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import {
  mezclaPorTipo,
  PERCENTILES,
  rangoPercentil,
  serieDe,
  totalesDe,
  type Percentil,
  type PuntoSerie,
  type Totales,
  type ValorVentas,
} from '../../../domain/metricas/metricas';
import { LECTURAS_METRICAS, type LecturasMetricas } from '../../../domain/metricas/metricas.repository.port';
import { ventanaDe, type Ventana } from '../../../domain/metricas/periodo';
import { RELOJ, type Reloj } from '../../monitoreo.config';
import { ObtenerMetricasQuery } from './obtener-metricas.query';

export interface Metricas {
  readonly ventana: Ventana;
  readonly totales: Totales;
  readonly valorVentas: readonly ValorVentas[];
  readonly mezcla: readonly { eventType: string; n: number }[];
  readonly serie: readonly PuntoSerie[];
  readonly rechazosExternos: readonly { sourceTopic: string; motivo: string; n: number }[];
}

/** The business metrics of one period: totals, sale values per currency, event mix and a bucketed series. */
@Injectable()
export class ObtenerMetricasHandler implements IQueryHandler<ObtenerMetricasQuery, Metricas> {
  constructor(
    @Inject(LECTURAS_METRICAS) private readonly lecturas: LecturasMetricas,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  async execute(query: ObtenerMetricasQuery): Promise<Metricas> {
    const ventana = ventanaDe(query.periodo, this.reloj.ahora());
    const { desde, hasta } = ventana;
    const [mezcla, buckets, ventas, rechazosExternos] = await Promise.all([
      this.lecturas.mezcla(desde, hasta),
      this.lecturas.porBucket(desde, hasta, ventana.bucketSegundos),
      this.lecturas.ventasPorMoneda(desde, hasta),
      this.lecturas.rechazosExternos(),
    ]);
    const valorVentas = await Promise.all(
      ventas.map(async ({ moneda, n, total }): Promise<ValorVentas> => {
        const valores = await Promise.all(
          PERCENTILES.map(async (p) => {
            const rango = rangoPercentil(p, n);
            return [p, rango === null ? null : await this.lecturas.valorEnRango(moneda, desde, hasta, rango)] as const;
          }),
        );
        return { moneda, n, total, percentiles: Object.fromEntries(valores) as Record<Percentil, string | null> };
      }),
    );
    return {
      ventana,
      totales: totalesDe(mezcla),
      valorVentas: valorVentas.sort((a, b) => b.n - a.n || (a.moneda < b.moneda ? -1 : 1)),
      mezcla: mezclaPorTipo(mezcla),
      serie: serieDe(ventana, buckets),
      rechazosExternos,
    };
  }
}
