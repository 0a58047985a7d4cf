import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createLogger, type Logger, type ReceivedEvent } from '@alpes/messaging';
import { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import { RECONSTRUCCION_REPOSITORY, type ReconstruccionRepository } from '../../domain/reconstruccion/reconstruccion.repository.port';
import { ProyectarEventosHandler } from '../event-handlers/proyectar-eventos/proyectar-eventos.handler';
import {
  CONJUNTOS_PROYECCION,
  FUENTE_REPRODUCCION,
  suscripcionDeReconstruccion,
  type ConjuntosProyeccion,
  type FuenteReproduccion,
  type Reproduccion,
} from './reconstruccion.ports';

export const OPCIONES_RECONSTRUCCION = Symbol('OPCIONES_RECONSTRUCCION');

export interface OpcionesReconstruccion {
  /** How often the runner looks at the replay's backlog. */
  readonly intervaloMs: number;
  /** How often progress (and the heartbeat) is saved. */
  readonly latidoMs: number;
  /** Longest time the live consumers are held while the switch waits for the target set to catch up. */
  readonly esperaConmutacionMs: number;
  /**
   * The switch is attempted once the replay's backlog is at most this: under a steady stream of new events the
   * backlog is rarely exactly 0, and the switch itself waits (live consumers held) for the little that is left.
   */
  readonly pendientesParaConmutar: number;
}

export const OPCIONES_RECONSTRUCCION_DEFECTO: OpcionesReconstruccion = {
  intervaloMs: 200,
  latidoMs: 2_000,
  esperaConmutacionMs: 10_000,
  pendientesParaConmutar: 1_000,
};

/**
 * Runs a rebuild in the background (DESIGN.md §5 flow 6):
 * 1. PREPARANDO: empty the non-active set.
 * 2. REPRODUCIENDO: read the four topics from their earliest message through a temporary subscription and project
 *    every batch into that set (the same `ProyectarEventosHandler` as the live consumers), while the live consumers
 *    keep the active set — the one every query reads — up to date.
 * 3. CONMUTANDO: once the replay's backlog is (nearly) empty, switch sets atomically (`ConjuntosProyeccion.conmutar`:
 *    the live consumers are held while the target set applies the last events they had committed), retrying until it
 *    succeeds.
 * 4. Delete the temporary subscription. The old set stays until the next rebuild empties it (step 1).
 * On any failure: FALLIDA, the active set untouched.
 */
@Injectable()
export class ReconstruccionRunner implements OnApplicationShutdown {
  private readonly log: Logger = createLogger('reconstruccion');
  private readonly enMarcha = new Map<string, Promise<void>>();
  private deteniendo = false;

  constructor(
    @Inject(RECONSTRUCCION_REPOSITORY) private readonly repositorio: ReconstruccionRepository,
    @Inject(CONJUNTOS_PROYECCION) private readonly conjuntos: ConjuntosProyeccion,
    @Inject(FUENTE_REPRODUCCION) private readonly fuente: FuenteReproduccion,
    private readonly proyectar: ProyectarEventosHandler,
    @Inject(OPCIONES_RECONSTRUCCION) private readonly opciones: OpcionesReconstruccion = OPCIONES_RECONSTRUCCION_DEFECTO,
  ) {}

  /** Starts the rebuild in the background; `terminada(id)` resolves when it ends (completed or failed). */
  lanzar(reconstruccion: Reconstruccion): void {
    const tarea = this.ejecutar(reconstruccion).finally(() => this.enMarcha.delete(reconstruccion.id));
    this.enMarcha.set(reconstruccion.id, tarea);
  }

  terminada(id: string): Promise<void> {
    return this.enMarcha.get(id) ?? Promise.resolve();
  }

  /** Ids of the rebuilds this process is running. */
  activas(): string[] {
    return [...this.enMarcha.keys()];
  }

  async onApplicationShutdown(): Promise<void> {
    this.deteniendo = true;
    await Promise.allSettled([...this.enMarcha.values()]);
  }

  async ejecutar(r: Reconstruccion): Promise<void> {
    const log = this.log.child({ rebuild_id: r.id, destino: r.destino });
    let reproduccion: Reproduccion | undefined;
    let aplicados = 0;
    let omitidos = 0;
    try {
      log.info({ event: 'rebuild.started' }, 'rebuild started');
      await this.conjuntos.vaciar(r.destino);
      r.reproduciendo(new Date());
      await this.repositorio.guardar(r);

      reproduccion = await this.fuente.abrir(suscripcionDeReconstruccion(r.id), async (eventos: ReceivedEvent[]) => {
        const lote = await this.conjuntos.proyectarLote(r, eventos, (nuevos, store) => this.proyectar.execute(nuevos, store));
        aplicados += lote.nuevos;
        omitidos += lote.omitidos;
      });

      let ultimoLatido = Date.now();
      for (;;) {
        if (this.deteniendo) throw new Error('el servicio se está deteniendo');
        if (reproduccion.fallo) throw reproduccion.fallo;
        if (Date.now() - ultimoLatido >= this.opciones.latidoMs) {
          r.progreso(aplicados, omitidos, new Date());
          await this.repositorio.guardar(r);
          ultimoLatido = Date.now();
        }
        if ((await reproduccion.pendientes()) <= this.opciones.pendientesParaConmutar) {
          if (r.fase !== 'CONMUTANDO') {
            r.conmutando(new Date());
            await this.repositorio.guardar(r);
          }
          r.progreso(aplicados, omitidos, new Date());
          if (await this.conjuntos.conmutar(r, this.opciones.esperaConmutacionMs)) break;
          log.debug({ aplicados }, 'target set not caught up with the live consumers yet; switching again shortly');
        }
        await esperar(this.opciones.intervaloMs);
      }
      log.info({ event: 'rebuild.switched', aplicados, omitidos }, 'rebuilt set is now the active one');
      await reproduccion.cerrar().catch((err: unknown) => log.warn({ err }, 'could not delete the replay subscription'));
      reproduccion = undefined;
      // The old set is left as it is: the next rebuild empties it when it starts. Emptying it here could race with
      // that next rebuild (it may start as soon as this one is COMPLETADA, and it targets this very set).
      log.info({ event: 'rebuild.completed', aplicados: r.getProps().eventosAplicados, omitidos }, 'rebuild completed');
    } catch (error) {
      const motivo = error instanceof Error ? error.message : String(error);
      log.error({ err: error, event: 'rebuild.failed', aplicados }, 'rebuild failed; the active projections are untouched');
      if (r.estado === 'EN_CURSO') {
        r.progreso(aplicados, omitidos, new Date());
        r.fallar(motivo, new Date());
        await this.repositorio.guardar(r).catch((err: unknown) => log.error({ err }, 'could not record the failed rebuild'));
      }
      await reproduccion?.cerrar().catch((err: unknown) => log.warn({ err }, 'could not delete the replay subscription'));
    }
  }
}

function esperar(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
