import { afiliado, entorno, errorDeAsync, TX } from '../../../testing/fakes';
import { campana } from '../../../testing/builders';
import { AsignarAfiliadoCommand } from '../asignar-afiliado/asignar-afiliado.command';
import { AsignarAfiliadoHandler } from '../asignar-afiliado/asignar-afiliado.handler';
import { RetirarAfiliadoCommand } from '../retirar-afiliado/retirar-afiliado.command';
import { RetirarAfiliadoHandler } from '../retirar-afiliado/retirar-afiliado.handler';
import { CambiarEstadoCampanaCommand } from './cambiar-estado-campana.command';
import { CambiarEstadoCampanaHandler } from './cambiar-estado-campana.handler';

async function preparar() {
  const env = entorno();
  const c = campana();
  await env.campanas.insertar(TX, c);
  env.db.eventos = [];
  return {
    ...env,
    id: c.id,
    estado: new CambiarEstadoCampanaHandler(env.uow, env.campanas, env.auditoria, env.reloj),
    asignar: new AsignarAfiliadoHandler(env.uow, env.campanas, env.afiliados, env.auditoria, env.reloj),
    retirar: new RetirarAfiliadoHandler(env.uow, env.campanas, env.auditoria, env.reloj),
  };
}

describe('campaign commands', () => {
  it('activar / pausar (motivo) / finalizar persist the state, events and audit records', async () => {
    const t = await preparar();
    await t.estado.execute(new CambiarEstadoCampanaCommand(t.id, 'activar'));
    await t.estado.execute(new CambiarEstadoCampanaCommand(t.id, 'pausar', 'revision'));
    const final = await t.estado.execute(new CambiarEstadoCampanaCommand(t.id, 'finalizar'));
    expect(final.estado).toBe('FINALIZADA');
    expect((await t.campanas.findById(t.id))?.estado).toBe('FINALIZADA');
    expect(t.db.eventTypes()).toEqual(['CampanaActivada', 'CampanaPausada', 'CampanaFinalizada']);
    expect(t.db.auditoria.map((a) => a.accion)).toEqual(['ACTIVAR_CAMPANA', 'PAUSAR_CAMPANA', 'FINALIZAR_CAMPANA']);
  });

  it('an illegal transition → 409 and nothing written; unknown campaign → 404', async () => {
    const t = await preparar();
    expect(await errorDeAsync(() => t.estado.execute(new CambiarEstadoCampanaCommand(t.id, 'pausar')))).toEqual({
      code: 'CAMPANA.TRANSICION_INVALIDA',
      kind: 'conflict',
    });
    expect(t.db.auditoria).toEqual([]);
    expect(await errorDeAsync(() => t.estado.execute(new CambiarEstadoCampanaCommand('nope', 'activar')))).toEqual({
      code: 'CAMPANA.NO_ENCONTRADA',
      kind: 'not_found',
    });
  });

  it('assigns through the projection (404 unknown, 422 not ACTIVO, idempotent repeat), and removes', async () => {
    const t = await preparar();
    t.db.afiliados.set('a1', afiliado('a1'));
    t.db.afiliados.set('a2', afiliado('a2', { estado: 'SUSPENDIDO' }));
    expect((await t.asignar.execute(new AsignarAfiliadoCommand(t.id, 'a1'))).asignado).toBe(true);
    expect((await t.asignar.execute(new AsignarAfiliadoCommand(t.id, 'a1'))).asignado).toBe(false);
    expect((await errorDeAsync(() => t.asignar.execute(new AsignarAfiliadoCommand(t.id, 'zz'))))?.code).toBe('CAMPANA.AFILIADO_DESCONOCIDO');
    expect((await errorDeAsync(() => t.asignar.execute(new AsignarAfiliadoCommand(t.id, 'a2'))))?.code).toBe('CAMPANA.AFILIADO_NO_ACTIVO');
    expect(t.db.eventTypes()).toEqual(['AfiliadoAsignadoACampana']);
    expect(t.db.auditoria.map((a) => a.accion)).toEqual(['ASIGNAR_AFILIADO']);
    await t.retirar.execute(new RetirarAfiliadoCommand(t.id, 'a1'));
    expect((await t.campanas.findById(t.id))?.afiliadosIds).toEqual([]);
    expect((await errorDeAsync(() => t.retirar.execute(new RetirarAfiliadoCommand(t.id, 'a1'))))?.code).toBe('CAMPANA.AFILIADO_NO_ASIGNADO');
  });
});
