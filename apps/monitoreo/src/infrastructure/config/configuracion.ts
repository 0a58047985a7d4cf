import { settingOf, type ServiceRuntimeOptions } from '@alpes/platform';
import type { MonitoreoConfig } from '../../application/monitoreo.config';
import { ReglaAlerta, REGLA_TASA_CONVERSION_BAJA } from '../../domain/alerta/regla-alerta';
import { esPeriodo } from '../../domain/metricas/periodo';

/**
 * The service's settings from the environment (or a test's `runtime.settings`), validated at start-up: a bad value
 * stops the service with the variable's name instead of misbehaving later.
 */
export function leerConfiguracion(runtime: ServiceRuntimeOptions): MonitoreoConfig {
  const leer = (nombre: string, defecto: string) => (settingOf(runtime, nombre, defecto) ?? defecto).trim();
  const entero = (nombre: string, defecto: number, minimo: number, maximo: number) => {
    const texto = leer(nombre, String(defecto));
    const n = Number(texto);
    if (!/^\d+$/.test(texto) || n < minimo || n > maximo) throw new Error(`${nombre}=${texto}: expected an integer from ${minimo} to ${maximo}`);
    return n;
  };
  const umbralTexto = leer('MONITOREO_ALERTA_UMBRAL', '2');
  const periodo = leer('MONITOREO_ALERTA_PERIODO', '1h');
  if (!esPeriodo(periodo)) throw new Error(`MONITOREO_ALERTA_PERIODO=${periodo}: expected 1h, 24h or 7d`);
  if (!/^\d+(\.\d+)?$/.test(umbralTexto)) throw new Error(`MONITOREO_ALERTA_UMBRAL=${umbralTexto}: expected a percentage from 0 to 100`);
  const activaTexto = leer('MONITOREO_ALERTA_ACTIVA', 'true').toLowerCase();
  if (activaTexto !== 'true' && activaTexto !== 'false') throw new Error(`MONITOREO_ALERTA_ACTIVA=${activaTexto}: expected true or false`);
  const alerta = {
    umbral: Number(umbralTexto),
    periodo,
    minimoClicks: entero('MONITOREO_ALERTA_MINIMO_CLICKS', 100, 0, 1_000_000_000),
    activa: activaTexto === 'true',
  };
  try {
    ReglaAlerta.crear(REGLA_TASA_CONVERSION_BAJA, alerta);
  } catch (error) {
    throw new Error(`MONITOREO_ALERTA_*: ${(error as Error).message}`);
  }
  const moneda = leer('MONITOREO_MONEDA_EXTERNOS', 'USD');
  if (!/^[A-Z]{3}$/.test(moneda)) throw new Error(`MONITOREO_MONEDA_EXTERNOS=${moneda}: expected an ISO 4217 code (3 uppercase letters)`);
  return {
    alerta,
    alertaIntervaloMs: entero('MONITOREO_ALERTA_INTERVALO_MS', 10_000, 100, 86_400_000),
    monedaExternos: moneda,
    loteConsumo: entero('MONITOREO_CONSUMO_LOTE', 500, 1, 1000),
    esperaLoteMs: entero('MONITOREO_CONSUMO_ESPERA_MS', 20, 0, 10_000),
  };
}
