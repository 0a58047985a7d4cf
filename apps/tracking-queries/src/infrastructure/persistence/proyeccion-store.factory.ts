import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReceivedEvent } from '@alpes/messaging';
import { leerConjuntoActivo } from './control';
import { seleccionarPorIds } from './sql';
import { tablasDe } from './tablas';
import { TypeormProyeccionStore } from './typeorm-proyeccion.store';

export interface LoteVivo {
  readonly store: TypeormProyeccionStore;
  /** The batch's events that the active set has not applied yet. */
  readonly nuevos: ReceivedEvent[];
}

/**
 * Gives the live consumers a store on the ACTIVE set:
 * - the control row is read with a shared lock held until the batch commits: a rebuild's switch (which locks it
 *   exclusively) therefore waits for running batches and holds new ones back, so no batch writes into a set that
 *   stopped being active;
 * - events the active set's rebuild already applied (`eventos_aplicados_<set>`: a rebuild that replayed an event
 *   before the live consumer got to it) are left out, so that nothing is counted twice after a switch. Only the
 *   inbox decides otherwise (it has already dropped what this subscription committed).
 */
@Injectable()
export class ProyeccionStoreFactory {
  async paraVivo(manager: EntityManager, eventos: readonly ReceivedEvent[]): Promise<LoteVivo> {
    const conjunto = await leerConjuntoActivo(manager, 'compartido');
    const aplicados = new Set(
      (
        await seleccionarPorIds<{ event_id: string }>(
          manager,
          (q) => `SELECT event_id FROM \`${tablasDe(conjunto).aplicados}\` WHERE event_id IN (${q})`,
          eventos.map((e) => e.eventId),
        )
      ).map((r) => r.event_id),
    );
    return {
      store: new TypeormProyeccionStore(manager, conjunto),
      nuevos: aplicados.size === 0 ? [...eventos] : eventos.filter((e) => !aplicados.has(e.eventId)),
    };
  }
}
