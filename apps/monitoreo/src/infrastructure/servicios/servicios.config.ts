import { APPS } from '@alpes/contracts';
import type { ServicioObjetivo } from '../../application/queries/obtener-ecosistema/ecosistema.ports';

/** DESIGN.md §1: the five apps on 127.0.0.1:8001…8005, in catalog order. */
export function serviciosPorDefecto(puertoMonitoreo?: string): ServicioObjetivo[] {
  return APPS.map((servicio, i) => ({
    servicio,
    url: `http://127.0.0.1:${servicio === 'monitoreo' && puertoMonitoreo ? puertoMonitoreo : 8001 + i}`,
  }));
}

/**
 * `MONITOREO_SERVICIOS`: `afiliados=http://127.0.0.1:8001,conversiones=http://…` (comma or whitespace separated).
 * Unset → the defaults; set but empty → no service is probed. A malformed entry throws, so a typo fails the start
 * instead of silently showing a service as down.
 */
export function parsearServicios(valor: string | undefined, porDefecto: () => ServicioObjetivo[]): ServicioObjetivo[] {
  if (valor === undefined) return porDefecto();
  return valor
    .split(/[,\s]+/)
    .filter((entrada) => entrada.length > 0)
    .map((entrada) => {
      const igual = entrada.indexOf('=');
      const servicio = igual > 0 ? entrada.slice(0, igual).trim() : '';
      const url = igual > 0 ? entrada.slice(igual + 1).trim().replace(/\/+$/, '') : '';
      if (!servicio || !/^https?:\/\/[^/\s]+/.test(url)) {
        throw new Error(`MONITOREO_SERVICIOS: "${entrada}" is not <service>=<http(s) base URL>`);
      }
      return { servicio, url };
    });
}
