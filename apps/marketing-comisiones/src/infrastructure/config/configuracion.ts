import { Money } from '@alpes/seedwork';
import { settingOf, type ServiceRuntimeOptions } from '@alpes/platform';
import type { ConfiguracionPagos } from '../../application/ports/configuracion-pagos.port';
import type { SimulacionPagos } from '../pagos/proveedor-pagos-simulado.adapter';

const PREFIJO_MINIMO = 'PAGO_MINIMO_';
const REANUDAR_EN_PROCESO_MS_DEFECTO = 5 * 60_000;

/**
 * Minimum payout per currency: `PAGO_MINIMO_<MONEDA>` (e.g. PAGO_MINIMO_COP=50000), else `PAGO_MINIMO` (read in the
 * payout's currency), else none. Values are validated at start-up: a bad one stops the service instead of
 * misbehaving later.
 */
export class ConfiguracionPagosDesdeEntorno implements ConfiguracionPagos {
  private constructor(
    private readonly porMoneda: ReadonlyMap<string, string>,
    private readonly general: string | null,
    private readonly reanudarTrasMs: number,
  ) {}

  static desde(runtime: ServiceRuntimeOptions): ConfiguracionPagosDesdeEntorno {
    const claves = new Set([...Object.keys(process.env), ...Object.keys(runtime.settings ?? {})]);
    const porMoneda = new Map<string, string>();
    for (const clave of claves) {
      if (!clave.startsWith(PREFIJO_MINIMO)) continue;
      const moneda = clave.slice(PREFIJO_MINIMO.length);
      const valor = settingOf(runtime, clave);
      if (!valor) continue;
      validar(clave, valor, moneda);
      porMoneda.set(moneda, valor);
    }
    const general = settingOf(runtime, 'PAGO_MINIMO') || null;
    if (general !== null) validar('PAGO_MINIMO', general, null);
    const reanudar = Number(settingOf(runtime, 'PAGO_REANUDAR_EN_PROCESO_MS', String(REANUDAR_EN_PROCESO_MS_DEFECTO)));
    if (!Number.isSafeInteger(reanudar) || reanudar < 1000) throw new Error('PAGO_REANUDAR_EN_PROCESO_MS must be an integer ≥ 1000 (milliseconds)');
    return new ConfiguracionPagosDesdeEntorno(porMoneda, general, reanudar);
  }

  reanudarEnProcesoTrasMs(): number {
    return this.reanudarTrasMs;
  }

  minimo(moneda: string): Money | null {
    const valor = this.porMoneda.get(moneda) ?? this.general;
    return valor === null ? null : Money.ofRounded(valor, moneda);
  }
}

function validar(clave: string, valor: string, moneda: string | null): void {
  if (!/^\d+(\.\d+)?$/.test(valor.trim())) throw new Error(`${clave}=${valor}: expected a non-negative decimal amount`);
  if (moneda !== null) Money.of(valor.trim(), moneda);
}

export function simulacionPagosDesde(runtime: ServiceRuntimeOptions): SimulacionPagos {
  return {
    fallarTodo: (settingOf(runtime, 'PAGOS_SIMULAR_FALLO', 'false') ?? 'false').toLowerCase() === 'true',
    afiliadosQueFallan: new Set(
      (settingOf(runtime, 'PAGOS_SIMULAR_FALLO_AFILIADOS', '') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  };
}

export function intervaloPublicacionAcumuladosMs(runtime: ServiceRuntimeOptions): number {
  const valor = Number(settingOf(runtime, 'ACUMULADOS_PUBLICACION_MS', '2000'));
  if (!Number.isInteger(valor) || valor < 100) throw new Error('ACUMULADOS_PUBLICACION_MS must be an integer ≥ 100 (milliseconds)');
  return valor;
}
