import { afiliado, entorno, errorDeAsync, TX } from '../../../testing/fakes';
import { campana } from '../../../testing/builders';
import { AprobarComisionCommand } from '../aprobar-comision/aprobar-comision.command';
import { AprobarComisionHandler } from '../aprobar-comision/aprobar-comision.handler';
import { CrearComisionManualCommand } from '../crear-comision-manual/crear-comision-manual.command';
import { CrearComisionManualHandler } from '../crear-comision-manual/crear-comision-manual.handler';
import { RechazarComisionCommand } from './rechazar-comision.command';
import { RechazarComisionHandler } from './rechazar-comision.handler';

async function preparar() {
  const env = entorno();
  const c = campana({ presupuesto: '1000', estado: 'ACTIVA' });
  await env.campanas.insertar(TX, c);
  env.db.afiliados.set('a1', afiliado('a1'));
  const crear = new CrearComisionManualHandler(env.uow, env.comisiones, env.campanas, env.afiliados, env.auditoria, env.reloj);
  const comision = await crear.execute(
    new CrearComisionManualCommand({ afiliadoId: 'a1', conversionId: 'm1', campanaId: c.id, tipoComision: 'fija', monto: '400' }),
  );
  env.db.eventos = [];
  env.db.auditoria = [];
  return {
    ...env,
    campanaId: c.id,
    comisionId: comision.id,
    aprobar: new AprobarComisionHandler(env.uow, env.comisiones, env.auditoria, env.reloj),
    rechazar: new RechazarComisionHandler(env.uow, env.comisiones, env.campanas, env.auditoria, env.reloj),
  };
}

describe('AprobarComisionHandler / RechazarComisionHandler', () => {
  it('approves a PENDIENTE commission (event + audit); approving again → 409', async () => {
    const t = await preparar();
    const c = await t.aprobar.execute(new AprobarComisionCommand(t.comisionId));
    expect(c.estado).toBe('APROBADA');
    expect(t.db.eventTypes()).toEqual(['ComisionAprobada']);
    expect(t.db.auditoria.map((a) => a.accion)).toEqual(['APROBAR_COMISION']);
    expect((await errorDeAsync(() => t.aprobar.execute(new AprobarComisionCommand(t.comisionId))))?.code).toBe('COMISION.TRANSICION_INVALIDA');
  });

  it('rejecting gives the budget back to the campaign in the same unit of work', async () => {
    const t = await preparar();
    expect((await t.campanas.findById(t.campanaId))?.presupuestoDisponible.toFixed()).toBe('600.00');
    const c = await t.rechazar.execute(new RechazarComisionCommand(t.comisionId, 'duplicado'));
    expect([c.estado, c.getProps().motivo]).toEqual(['RECHAZADA', 'duplicado']);
    expect((await t.campanas.findById(t.campanaId))?.presupuestoDisponible.toFixed()).toBe('1000.00');
    expect(t.db.eventTypes()).toEqual(['ComisionRechazada']);
  });

  it('cannot reject an APROBADA commission (409) and unknown ids are 404', async () => {
    const t = await preparar();
    await t.aprobar.execute(new AprobarComisionCommand(t.comisionId));
    expect((await errorDeAsync(() => t.rechazar.execute(new RechazarComisionCommand(t.comisionId, 'x'))))?.code).toBe('COMISION.TRANSICION_INVALIDA');
    expect((await t.campanas.findById(t.campanaId))?.presupuestoDisponible.toFixed()).toBe('600.00');
    expect((await errorDeAsync(() => t.aprobar.execute(new AprobarComisionCommand('nope'))))?.code).toBe('COMISION.NO_ENCONTRADA');
    expect((await errorDeAsync(() => t.rechazar.execute(new RechazarComisionCommand('nope', 'x'))))?.code).toBe('COMISION.NO_ENCONTRADA');
  });
});
