/** Counters of what the consumers skipped or capped, for logs and /health-style diagnostics. */
export class MetricasConsumo {
  readonly contadores = {
    conversiones_calculadas: 0,
    conversiones_rechazadas: 0,
    conversiones_duplicadas: 0,
    conversiones_campana_desconocida: 0,
    conversiones_sin_regla: 0,
    reversiones_aplicadas: 0,
    reversiones_sin_comision: 0,
    eventos_acumulados: 0,
    eventos_sin_campana: 0,
    eventos_sin_regla: 0,
    eventos_sin_presupuesto: 0,
    eventos_acumulado_cerrado: 0,
    afiliados_desconocidos: 0,
  };

  sumar(contador: keyof MetricasConsumo['contadores'], n = 1): void {
    this.contadores[contador] += n;
  }

  instantanea(): Readonly<MetricasConsumo['contadores']> {
    return { ...this.contadores };
  }
}
