import type { ReceivedEvent } from '@alpes/messaging';
import { evento } from '../../../test/support/eventos';
import { silenciarLogs } from '../../../test/support/silenciar-logs';
import { ConjuntosProyeccionFake, FuenteReproduccionFake, ReconstruccionRepositoryFake } from '../../../test/support/reconstruccion.fakes';
import { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import { ProyectarEventosHandler } from '../event-handlers/proyectar-eventos/proyectar-eventos.handler';
import { ReconstruccionRunner, type OpcionesReconstruccion } from './reconstruccion.runner';

const RAPIDO: OpcionesReconstruccion = { intervaloMs: 1, latidoMs: 1, esperaConmutacionMs: 10, pendientesParaConmutar: 0 };
const ids = { campana_id: 'c1', afiliado_id: 'a1' };

function preparar(lotes: ReceivedEvent[][] = [[evento('ImpresionRegistrada', { ...ids, id: 'i1' }), evento('ClickRegistrado', { ...ids, id: 'k1' })]]) {
  const repo = new ReconstruccionRepositoryFake();
  const conjuntos = new ConjuntosProyeccionFake();
  const fuente = new FuenteReproduccionFake(lotes);
  const runner = new ReconstruccionRunner(repo, conjuntos, fuente, new ProyectarEventosHandler(), RAPIDO);
  return { repo, conjuntos, fuente, runner };
}

async function solicitada(repo: ReconstruccionRepositoryFake): Promise<Reconstruccion> {
  return repo.solicitar(({ activo, enCurso }) => Reconstruccion.solicitar({ id: 'r1', activo, enCurso, instancia: 't', ahora: new Date() }));
}

describe('ReconstruccionRunner', () => {
  silenciarLogs();

  it('replays into the inactive set and switches once it caught up, leaving the old set for the next rebuild to empty', async () => {
    const { repo, conjuntos, fuente, runner } = preparar([
      [evento('ImpresionRegistrada', { ...ids, id: 'i1' }), evento('ImpresionRegistrada', { ...ids, id: 'i2' })],
      [evento('ClickRegistrado', { ...ids, id: 'k1' }), evento('ComisionCalculada', { ...ids, id: 'm1', monto: '12.5000', moneda: 'COP' })],
    ]);
    conjuntos.respuestasConmutar = [false, false];
    const r = await solicitada(repo);
    runner.lanzar(r);
    await runner.terminada(r.id);

    expect(r.getProps()).toMatchObject({ estado: 'COMPLETADA', fase: 'COMPLETADA', eventosAplicados: 4 });
    expect(fuente.suscripcion).toBe('tracking-queries.reconstruccion-r1');
    expect(conjuntos.llamadas).toEqual(['vaciar:b', 'conmutar:b', 'conmutar:b', 'conmutar:b']);
    expect(conjuntos.activo).toBe('b');
    // every batch was delivered twice: counted once
    expect(conjuntos.sets.b.contador('campana', 'c1')).toMatchObject({ impresiones: 2, clicks: 1 });
    expect(conjuntos.sets.b.importe('campana', 'c1', 'COP')?.comisionesTotal).toBe('12.50');
    expect(fuente.cerrada).toBe(true);
  });

  it('fails without touching the active set when the replay cannot go on', async () => {
    const { repo, conjuntos, fuente, runner } = preparar();
    fuente.fallo = new Error('broker unreachable');
    const r = await solicitada(repo);
    await runner.ejecutar(r);
    expect(r.getProps()).toMatchObject({ estado: 'FALLIDA', error: 'broker unreachable' });
    expect(conjuntos.activo).toBe('a');
    expect(conjuntos.llamadas).toEqual(['vaciar:b']);
    expect(fuente.cerrada).toBe(true);
    expect((await repo.porId('r1'))?.estado).toBe('FALLIDA');
  });

  it('fails when the replay cannot even start', async () => {
    const { repo, conjuntos, fuente, runner } = preparar();
    fuente.errorAlAbrir = new Error('subscription refused');
    const r = await solicitada(repo);
    await runner.ejecutar(r);
    expect(r.getProps()).toMatchObject({ estado: 'FALLIDA', error: 'subscription refused' });
    expect(conjuntos.activo).toBe('a');
  });

  it('stops a running rebuild (FALLIDA) when the service shuts down', async () => {
    const { repo, conjuntos, runner } = preparar();
    conjuntos.respuestasConmutar = Array.from({ length: 1_000_000 }, () => false);
    const r = await solicitada(repo);
    runner.lanzar(r);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runner.onApplicationShutdown();
    expect(r.getProps()).toMatchObject({ estado: 'FALLIDA', error: expect.stringContaining('deteniendo') });
    expect(conjuntos.activo).toBe('a');
  });
});
