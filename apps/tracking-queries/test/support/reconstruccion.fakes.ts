import type { ReceivedEvent } from '@alpes/messaging';
import type {
  ConjuntosProyeccion,
  FuenteReproduccion,
  Reproduccion,
  ResultadoLoteSombra,
} from '../../src/application/reconstruccion/reconstruccion.ports';
import type { ResultadoProyeccion } from '../../src/application/event-handlers/proyectar-eventos/proyectar-eventos.handler';
import type { ProyeccionStore } from '../../src/domain/proyeccion/proyeccion.store.port';
import type { ConjuntoTablas } from '../../src/domain/reconstruccion/conjunto-tablas';
import { Reconstruccion } from '../../src/domain/reconstruccion/reconstruccion.aggregate';
import type { ReconstruccionRepository, SolicitudContexto } from '../../src/domain/reconstruccion/reconstruccion.repository.port';
import { ProyeccionStoreFake } from './proyeccion-store.fake';

export class ReconstruccionRepositoryFake implements ReconstruccionRepository {
  readonly filas = new Map<string, Reconstruccion>();
  activo: ConjuntoTablas = 'a';
  guardados = 0;

  async solicitar(decidir: (c: SolicitudContexto) => { nueva: Reconstruccion; abandonada: Reconstruccion | null }): Promise<Reconstruccion> {
    const enCurso = [...this.filas.values()].find((r) => r.estado === 'EN_CURSO') ?? null;
    const { nueva, abandonada } = decidir({ activo: this.activo, enCurso });
    if (abandonada) await this.guardar(abandonada);
    this.filas.set(nueva.id, nueva);
    nueva.markPersisted(1);
    return nueva;
  }

  async guardar(r: Reconstruccion): Promise<void> {
    this.guardados++;
    this.filas.set(r.id, r);
    r.markPersisted(r.version + 1);
  }

  async porId(id: string): Promise<Reconstruccion | null> {
    return this.filas.get(id) ?? null;
  }

  async ultima(): Promise<Reconstruccion | null> {
    return [...this.filas.values()].sort((a, b) => b.solicitadaEn.getTime() - a.solicitadaEn.getTime())[0] ?? null;
  }

  async enCurso(): Promise<Reconstruccion[]> {
    return [...this.filas.values()].filter((r) => r.estado === 'EN_CURSO');
  }
}

/** Two in-memory sets; the replay's dedupe by event id; the switch completes the rebuild like the real one. */
export class ConjuntosProyeccionFake implements ConjuntosProyeccion {
  readonly sets: Record<ConjuntoTablas, ProyeccionStoreFake> = { a: new ProyeccionStoreFake(), b: new ProyeccionStoreFake() };
  readonly aplicados: Record<ConjuntoTablas, Set<string>> = { a: new Set(), b: new Set() };
  activo: ConjuntoTablas = 'a';
  readonly llamadas: string[] = [];
  /** Answers of successive `conmutar` calls (then true). */
  respuestasConmutar: boolean[] = [];

  async vaciar(conjunto: ConjuntoTablas): Promise<void> {
    if (conjunto === this.activo) throw new Error('refusing to empty the active set');
    this.llamadas.push(`vaciar:${conjunto}`);
    this.sets[conjunto] = new ProyeccionStoreFake();
    this.aplicados[conjunto] = new Set();
  }

  async proyectarLote(
    r: Reconstruccion,
    eventos: readonly ReceivedEvent[],
    proyectar: (nuevos: readonly ReceivedEvent[], store: ProyeccionStore) => Promise<ResultadoProyeccion>,
  ): Promise<ResultadoLoteSombra> {
    if (r.estado !== 'EN_CURSO') throw new Error('rebuild not running');
    const vistos = this.aplicados[r.destino];
    const nuevos = eventos.filter((e) => !vistos.has(e.eventId));
    nuevos.forEach((e) => vistos.add(e.eventId));
    const res = await proyectar(nuevos, this.sets[r.destino]);
    return { nuevos: nuevos.length, duplicados: eventos.length - nuevos.length, omitidos: res.omitidos.length };
  }

  async conmutar(r: Reconstruccion): Promise<boolean> {
    this.llamadas.push(`conmutar:${r.destino}`);
    const respuesta = this.respuestasConmutar.shift() ?? true;
    if (!respuesta) return false;
    this.activo = r.destino;
    r.completar(new Date());
    r.markPersisted(r.version + 1);
    return true;
  }
}

/** A replay that hands over the given batches (each delivered twice, as a redelivery would) and then has no backlog. */
export class FuenteReproduccionFake implements FuenteReproduccion {
  suscripcion?: string;
  cerrada = false;
  fallo: Error | null = null;
  errorAlAbrir?: Error;
  limpiadas: string[][] = [];

  constructor(private readonly lotes: ReceivedEvent[][] = []) {}

  async abrir(suscripcion: string, alLote: (eventos: ReceivedEvent[]) => Promise<void>): Promise<Reproduccion> {
    if (this.errorAlAbrir) throw this.errorAlAbrir;
    this.suscripcion = suscripcion;
    let pendientes = this.lotes.length;
    const entrega = (async () => {
      for (const lote of this.lotes) {
        await alLote(lote);
        await alLote(lote);
        pendientes--;
      }
    })();
    entrega.catch((e: unknown) => (this.fallo = e as Error));
    const leerFallo = () => this.fallo;
    return {
      get fallo() {
        return leerFallo();
      },
      pendientes: async () => {
        await entrega.catch(() => undefined);
        return pendientes;
      },
      cerrar: async () => {
        this.cerrada = true;
      },
    };
  }

  async limpiar(vigentes: readonly string[]): Promise<number> {
    this.limpiadas.push([...vigentes]);
    return 0;
  }
}
