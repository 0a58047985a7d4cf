import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger, runInTransaction, type Logger, type ReceivedEvent } from '@alpes/messaging';
import type { ResultadoProyeccion } from '../../application/event-handlers/proyectar-eventos/proyectar-eventos.handler';
import type { ConjuntosProyeccion, ResultadoLoteSombra } from '../../application/reconstruccion/reconstruccion.ports';
import type { ProyeccionStore } from '../../domain/proyeccion/proyeccion.store.port';
import type { ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';
import type { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import { leerConjuntoActivo } from './control';
import { ReconstruccionMapper } from './reconstruccion.mapper';
import { insertarFilas, seleccionarPorIds } from './sql';
import { SUSCRIPCION_PROYECCIONES, TABLA_CONTROL, TABLA_RECONSTRUCCIONES, tablasDe } from './tablas';
import { TypeormProyeccionStore } from './typeorm-proyeccion.store';
import { ReconstruccionConcurrenteError, TypeormReconstruccionRepository } from './typeorm-reconstruccion.repository';

/**
 * How long a live batch may take between stamping its inbox rows (processed_at) and committing. A transaction waits
 * at most innodb_lock_wait_timeout (50 s by default) for a lock, so two minutes is safely beyond any live batch.
 */
const MARGEN_TRANSACCIONES_MS = 120_000;
const PAUSA_ESPERA_MS = 50;
/**
 * The switch holds the live consumers only when the target set is at most this many live events behind (checked
 * without holding anyone first), so that the wait under the lock stays short.
 */
const FALTANTES_MAX_PARA_BLOQUEAR = 5_000;

/**
 * The two projection sets, and the switch between them. Why not `RENAME TABLE`: MySQL commits the open transaction
 * before any DDL, so "hold the live consumers, check the rebuilt tables caught up, swap, fix the inbox" could not be
 * one atomic step; with two fixed sets and a pointer row it is one ordinary InnoDB transaction.
 */
@Injectable()
export class TypeormConjuntosProyeccion implements ConjuntosProyeccion {
  private readonly log: Logger = createLogger('conjuntos-proyeccion');
  /** Per rebuild: every live event whose inbox row was stamped before this date is known to be applied. */
  private readonly verificadoHasta = new Map<string, Date>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconstrucciones: TypeormReconstruccionRepository,
  ) {}

  async ahora(): Promise<Date> {
    const [row] = (await this.dataSource.query('SELECT NOW(3) AS ahora')) as { ahora: Date }[];
    return new Date(row.ahora);
  }

  async vaciar(conjunto: ConjuntoTablas): Promise<void> {
    if ((await leerConjuntoActivo(this.dataSource, 'sin_bloqueo')) === conjunto) {
      throw new Error(`Refusing to empty projection set ${conjunto}: it is the active one`);
    }
    for (const tabla of Object.values(tablasDe(conjunto))) await this.dataSource.query(`TRUNCATE TABLE \`${tabla}\``);
  }

  async proyectarLote(
    reconstruccion: Reconstruccion,
    eventos: readonly ReceivedEvent[],
    proyectar: (nuevos: readonly ReceivedEvent[], store: ProyeccionStore) => Promise<ResultadoProyeccion>,
  ): Promise<ResultadoLoteSombra> {
    const conjunto = reconstruccion.destino;
    const t = tablasDe(conjunto);
    return runInTransaction(
      this.dataSource,
      async (manager) => {
        // The rebuild's row in share mode until COMMIT: the switch locks it exclusively before it reads what this set
        // applied, so no replay batch can commit into the set after (or while) it becomes the active one.
        const [fila] = (await manager.query(`SELECT estado FROM \`${TABLA_RECONSTRUCCIONES}\` WHERE id = ? LOCK IN SHARE MODE`, [
          reconstruccion.id,
        ])) as { estado: string }[];
        if (fila?.estado !== 'EN_CURSO') {
          throw new Error(`Rebuild ${reconstruccion.id} is ${fila?.estado ?? 'gone'}: the replay must not write into set ${conjunto} any more`);
        }
        const unicos = new Map<string, ReceivedEvent>();
        for (const e of eventos) if (!unicos.has(e.eventId)) unicos.set(e.eventId, e);
        const ya = await seleccionarPorIds<{ event_id: string }>(manager, (q) => `SELECT event_id FROM \`${t.aplicados}\` WHERE event_id IN (${q})`, unicos.keys());
        for (const r of ya) unicos.delete(r.event_id);
        const nuevos = [...unicos.values()];
        if (nuevos.length === 0) return { nuevos: 0, duplicados: eventos.length, omitidos: 0 };
        await insertarFilas(manager, t.aplicados, ['event_id', 'event_type'], nuevos.map((e) => [e.eventId, e.eventType]));
        const resultado = await proyectar(nuevos, new TypeormProyeccionStore(manager, conjunto));
        return { nuevos: nuevos.length, duplicados: eventos.length - nuevos.length, omitidos: resultado.omitidos.length };
      },
      { retries: 3 },
    );
  }

  async conmutar(r: Reconstruccion, esperaMaxMs: number): Promise<boolean> {
    const t = tablasDe(r.destino);
    // Inbox rows stamped before `corte` belong to transactions that have certainly ended: once the target set holds
    // all of them, that stays true, so that part is checked without holding anyone, and only once.
    const corte = new Date((await this.ahora()).getTime() - MARGEN_TRANSACCIONES_MS);
    const verificado = this.verificadoHasta.get(r.id) ?? null;
    if ((await this.contarFaltantes(t.aplicados, verificado, corte)) > 0) return false;
    this.verificadoHasta.set(r.id, corte);
    // The recent part can still grow: hold the live consumers only when the target set is close behind them.
    if ((await this.contarFaltantes(t.aplicados, corte, null)) > FALTANTES_MAX_PARA_BLOQUEAR) return false;
    const resultado = await runInTransaction(
      this.dataSource,
      async (manager): Promise<Reconstruccion | null> => {
        // Holds the live consumers: each live batch takes this row in share mode until it commits. From here on the
        // set of events they committed cannot grow.
        const activo = await leerConjuntoActivo(manager, 'exclusivo');
        if (activo === r.destino) throw new Error(`Projection set ${r.destino} is already active`);
        const iniciales = await this.idsFaltantes(manager, t.aplicados, corte);
        if (iniciales === null) return null;
        let faltan: string[] = iniciales;
        const limite = Date.now() + esperaMaxMs;
        while (faltan.length > 0 && Date.now() < limite) {
          // READ COMMITTED: each look sees what the replay committed meanwhile.
          await new Promise((resolve) => setTimeout(resolve, PAUSA_ESPERA_MS));
          const aplicados: Set<string> = new Set(
            (await seleccionarPorIds<{ event_id: string }>(manager, (q) => `SELECT event_id FROM \`${t.aplicados}\` WHERE event_id IN (${q})`, faltan)).map(
              (x) => x.event_id,
            ),
          );
          faltan = faltan.filter((id) => !aplicados.has(id));
        }
        if (faltan.length > 0) {
          this.log.info({ rebuild_id: r.id, faltan: faltan.length }, 'switch postponed: the rebuilt set has not applied every live event yet');
          return null;
        }
        // Waits for the replay batch in flight, if any, and holds back the next ones (see proyectarLote).
        const [fila] = (await manager.query(`SELECT estado, version FROM \`${TABLA_RECONSTRUCCIONES}\` WHERE id = ? FOR UPDATE`, [r.id])) as {
          estado: string;
          version: number;
        }[];
        if (fila?.estado !== 'EN_CURSO' || Number(fila.version) !== r.version) throw new ReconstruccionConcurrenteError(r.id);
        await manager.query(`UPDATE \`${TABLA_CONTROL}\` SET conjunto_activo = ?, reconstruccion_id = ?, conmutado_en = NOW(3) WHERE id = 1`, [
          r.destino,
          r.id,
        ]);
        // No replay batch can commit any more: the exact number of events the set received.
        const [total] = (await manager.query(`SELECT COUNT(*) AS n FROM \`${t.aplicados}\``)) as { n: string }[];
        // Completed in the same transaction (on a copy: a retried attempt must start from the same state).
        const completada = ReconstruccionMapper.toDomain(ReconstruccionMapper.toOrm(r, r.version));
        completada.completar(new Date(), Number(total?.n ?? 0));
        await this.reconstrucciones.guardarCon(manager, completada);
        this.log.info({ rebuild_id: r.id, destino: r.destino }, 'active projection set switched');
        return completada;
      },
      { isolationLevel: 'READ COMMITTED', retries: 3 },
    );
    if (!resultado) return false;
    this.verificadoHasta.delete(r.id);
    r.completar(resultado.getProps().terminadaEn ?? new Date(), resultado.getProps().eventosAplicados);
    r.markPersisted(resultado.version);
    return true;
  }

  /** Live inbox rows stamped in [desde, hasta) whose event the target set has not applied (null bounds: open). */
  private async contarFaltantes(aplicados: string, desde: Date | null, hasta: Date | null): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM inbox_messages i
       WHERE i.subscription = ?${desde ? ' AND i.processed_at >= ?' : ''}${hasta ? ' AND i.processed_at < ?' : ''}
         AND NOT EXISTS (SELECT 1 FROM \`${aplicados}\` a WHERE a.event_id = i.event_id)`,
      [SUSCRIPCION_PROYECCIONES, ...(desde ? [desde] : []), ...(hasta ? [hasta] : [])],
    )) as { n: string }[];
    return Number(row?.n ?? 0);
  }

  /** Event ids of live inbox rows (stamped since `desde`) the target set has not applied; null when too many. */
  private async idsFaltantes(manager: EntityManager, aplicados: string, desde: Date): Promise<string[] | null> {
    const rows = (await manager.query(
      `SELECT i.event_id FROM inbox_messages i
       WHERE i.subscription = ? AND i.processed_at >= ?
         AND NOT EXISTS (SELECT 1 FROM \`${aplicados}\` a WHERE a.event_id = i.event_id)
       LIMIT ?`,
      [SUSCRIPCION_PROYECCIONES, desde, FALTANTES_MAX_PARA_BLOQUEAR + 1],
    )) as { event_id: string }[];
    return rows.length > FALTANTES_MAX_PARA_BLOQUEAR ? null : rows.map((x) => x.event_id);
  }


}
