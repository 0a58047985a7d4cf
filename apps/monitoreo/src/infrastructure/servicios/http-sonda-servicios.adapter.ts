import type {
  EstadoServicio,
  ServicioObjetivo,
  SondaServiciosPort,
} from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import { describirError } from '../../application/queries/obtener-ecosistema/recopilar-ecosistema';

/** Probes `GET <url>/health` with a short timeout; any failure is "down", never an exception. */
export class HttpSondaServiciosAdapter implements SondaServiciosPort {
  constructor(private readonly timeoutMs = 1_500) {}

  async sondear(objetivo: ServicioObjetivo): Promise<EstadoServicio> {
    const inicio = performance.now();
    const latencia = () => Math.round(performance.now() - inicio);
    try {
      const res = await fetch(`${objetivo.url.replace(/\/+$/, '')}/health`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const texto = await res.text();
      const status = estadoDeCuerpo(texto) ?? `http ${res.status}`;
      return {
        ...objetivo,
        up: res.ok,
        status,
        latenciaMs: latencia(),
        error: res.ok ? null : `GET /health answered ${res.status}`,
      };
    } catch (error) {
      const nombre = (error as { name?: unknown } | null)?.name;
      const timeout = nombre === 'TimeoutError' || nombre === 'AbortError';
      return {
        ...objetivo,
        up: false,
        status: timeout ? 'timeout' : 'unreachable',
        latenciaMs: null,
        error: timeout ? `no answer within ${this.timeoutMs} ms` : describirError(error),
      };
    }
  }
}

/** The `status` field of the platform's health answer, when the body is one. */
function estadoDeCuerpo(texto: string): string | null {
  try {
    const cuerpo = JSON.parse(texto) as { status?: unknown };
    return typeof cuerpo?.status === 'string' ? cuerpo.status : null;
  } catch {
    return null;
  }
}
