import { randomUUID } from 'node:crypto';
import { Comision } from '../../../domain/comision/comision.aggregate';
import { afiliado, entorno, errorDeAsync, TX } from '../../../testing/fakes';
import { campana } from '../../../testing/builders';
import { ProcesarEventosConversionesHandler } from '../../event-handlers/procesar-eventos-conversiones.handler';
import { MetricasConsumo } from '../../ports/metricas-consumo';
import { AprobarComisionCommand } from '../aprobar-comision/aprobar-comision.command';
import { AprobarComisionHandler } from '../aprobar-comision/aprobar-comision.handler';
import { CrearComisionManualCommand } from '../crear-comision-manual/crear-comision-manual.command';
import { CrearComisionManualHandler } from '../crear-comision-manual/crear-comision-manual.handler';
import { ProgramarPagoCommand } from '../programar-pago/programar-pago.command';
import { ProgramarPagoHandler } from '../programar-pago/programar-pago.handler';
import { EjecutarPagoCommand } from './ejecutar-pago.command';
import { EjecutarPagoHandler } from './ejecutar-pago.handler';

async function preparar() {
  const env = entorno();
  const c = campana({ presupuesto: '1000', estado: 'ACTIVA' });
  await env.campanas.insertar(TX, c);
  env.db.afiliados.set('a1', afiliado('a1'));
  const crear = new CrearComisionManualHandler(env.uow, env.comisiones, env.campanas, env.afiliados, env.auditoria, env.reloj);
  const aprobar = new AprobarComisionHandler(env.uow, env.comisiones, env.auditoria, env.reloj);
  const conAprobada = async (conversionId: string, monto: string) => {
    const k = await crear.execute(new CrearComisionManualCommand({ afiliadoId: 'a1', conversionId, campanaId: c.id, tipoComision: 'fija', monto }));
    return aprobar.execute(new AprobarComisionCommand(k.id));
  };
  const programar = new ProgramarPagoHandler(env.uow, env.comisiones, env.pagos, env.auditoria, env.configuracion, env.reloj);
  const ejecutar = new EjecutarPagoHandler(env.uow, env.pagos, env.comisiones, env.proveedor, env.auditoria, env.configuracion, env.reloj);
  const consumidor = new ProcesarEventosConversionesHandler(env.campanas, env.comisiones, env.afiliados, env.reloj, new MetricasConsumo());
  const revertir = (conversionId: string) =>
    env.uow.run((tx) =>
      consumidor.procesar(
        [
          {
            eventType: 'ConversionRevertida',
            eventId: randomUUID(),
            occurredAt: 0,
            payload: { conversion_id: conversionId, afiliado_id: 'a1', campana_id: c.id, motivo: 'reembolso', valor: '1', moneda: 'COP' },
          },
        ],
        tx,
      ),
    );
  const disponible = async () => (await env.campanas.findById(c.id))?.presupuestoDisponible.toFixed();
  const comision = async (id: string) => (await env.comisiones.findById(id)) as Comision;
  return { ...env, conAprobada, programar, ejecutar, revertir, disponible, comision };
}

describe('ProgramarPagoHandler', () => {
  it('reserves the APROBADA commissions in a PROGRAMADO payout; a second request finds nothing left (422)', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    const k2 = await t.conAprobada('m2', '50.25');
    const pago = await t.programar.execute(new ProgramarPagoCommand('a1'));
    expect([pago.estado, pago.monto.toFixed(), pago.monto.currency]).toEqual(['PROGRAMADO', '150.25', 'COP']);
    expect((await t.comision(k1.id)).pagoId).toBe(pago.id);
    expect((await t.comision(k2.id)).pagoId).toBe(pago.id);
    expect(t.db.eventTypes()).toContain('PagoProgramado');
    expect(await errorDeAsync(() => t.programar.execute(new ProgramarPagoCommand('a1')))).toEqual({ code: 'PAGO.SIN_COMISIONES', kind: 'business_rule' });
  });

  it('applies the configured minimum of the currency (422 PAGO.MONTO_MINIMO), nothing reserved', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    t.configuracion.minimos.set('COP', '100.01');
    expect((await errorDeAsync(() => t.programar.execute(new ProgramarPagoCommand('a1'))))?.code).toBe('PAGO.MONTO_MINIMO');
    expect((await t.comision(k1.id)).pagoId).toBeNull();
  });

  it('refuses a moneda that is not ISO 4217', async () => {
    const t = await preparar();
    expect((await errorDeAsync(() => t.programar.execute(new ProgramarPagoCommand('a1', 'ZZZ'))))?.code).toBe('MONEDA.NO_ISO_4217');
  });
});

describe('EjecutarPagoHandler', () => {
  it('success: PAGADO, commissions PAGADA, PagoRealizado; the provider got the payout id and amount once', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
    const pago = await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
    expect(pago.estado).toBe('PAGADO');
    expect((await t.comision(k1.id)).estado).toBe('PAGADA');
    expect(t.proveedor.ordenes.map((o) => [o.pagoId, o.monto.toFixed()])).toEqual([[programado.id, '100.00']]);
    expect(t.db.eventTypes()).toContain('PagoRealizado');
    expect(t.db.auditoria.filter((a) => a.accion === 'EJECUTAR_PAGO')).toHaveLength(1);
  });

  it('executing twice → 409 PAGO.YA_EJECUTADO, the provider is not called again', async () => {
    const t = await preparar();
    await t.conAprobada('m1', '100');
    const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
    await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
    expect(await errorDeAsync(() => t.ejecutar.execute(new EjecutarPagoCommand(programado.id)))).toEqual({ code: 'PAGO.YA_EJECUTADO', kind: 'conflict' });
    expect(t.proveedor.ordenes).toHaveLength(1);
    expect((await errorDeAsync(() => t.ejecutar.execute(new EjecutarPagoCommand('nope'))))?.code).toBe('PAGO.NO_ENCONTRADO');
  });

  it('provider failure: FALLIDO, commissions back to APROBADA and payable again', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
    t.proveedor.respuesta = { exito: false, motivo: 'CUENTA_INVALIDA' };
    const pago = await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
    expect([pago.estado, pago.getProps().motivoFallo]).toEqual(['FALLIDO', 'CUENTA_INVALIDA']);
    const comision = await t.comision(k1.id);
    expect([comision.estado, comision.pagoId]).toEqual(['APROBADA', null]);
    expect(t.db.eventosDe('PagoFallido')[0]).toMatchObject({ motivo: 'CUENTA_INVALIDA', monto: '100.00' });
    const otro = await t.programar.execute(new ProgramarPagoCommand('a1'));
    expect(otro.comisionIds).toEqual([k1.id]);
  });

  it('a paid commission reverted later gives its budget back at once and is discounted from the next payout', async () => {
    const t = await preparar();
    await t.conAprobada('m1', '100');
    const primero = await t.programar.execute(new ProgramarPagoCommand('a1'));
    await t.ejecutar.execute(new EjecutarPagoCommand(primero.id));
    expect(await t.disponible()).toBe('900.00');
    await t.revertir('m1');
    expect(await t.disponible()).toBe('1000.00'); // the refunded sale earns nothing; the adjustment recovers the money
    await t.conAprobada('m2', '250');
    const segundo = await t.programar.execute(new ProgramarPagoCommand('a1'));
    expect(segundo.monto.toFixed()).toBe('150.00');
    await t.ejecutar.execute(new EjecutarPagoCommand(segundo.id));
    const ajuste = (await t.comisiones.listar({}, 0, 10)).items.find((c) => c.tipo === 'AJUSTE') as Comision;
    expect([ajuste.estado, ajuste.monto.toFixed(), ajuste.pagoId]).toEqual(['DESCONTADA', '-100.00', segundo.id]);
    // budget spent = the live commissions (m2 only): the discount moved no budget
    expect(await t.disponible()).toBe('750.00');
  });

  it('a commission reverted after scheduling gives its budget back at once; the payout then fails without paying', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    await t.conAprobada('m2', '30');
    const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
    await t.revertir('m1');
    expect(await t.disponible()).toBe('970.00');
    const pago = await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
    expect([pago.estado, pago.getProps().motivoFallo]).toEqual(['FALLIDO', 'COMISION_REVERTIDA']);
    expect(t.proveedor.ordenes).toEqual([]);
    expect(await t.disponible()).toBe('970.00'); // not a second time
    expect((await t.comision(k1.id)).estado).toBe('REVERTIDA');
    const otro = await t.programar.execute(new ProgramarPagoCommand('a1'));
    expect(otro.monto.toFixed()).toBe('30.00');
  });

  it('a payout left EN_PROCESO (the provider threw) is resumed after the lease with the same idempotency key, never sooner', async () => {
    const t = await preparar();
    const k1 = await t.conAprobada('m1', '100');
    const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
    const pagar = t.proveedor.pagar.bind(t.proveedor);
    t.proveedor.pagar = async () => {
      throw new Error('timeout talking to the provider');
    };
    await expect(t.ejecutar.execute(new EjecutarPagoCommand(programado.id))).rejects.toThrow(/timeout/);
    expect((await t.pagos.findById(programado.id))?.estado).toBe('EN_PROCESO');
    t.proveedor.pagar = pagar;

    t.reloj.actual = new Date(t.reloj.actual.getTime() + 59_000);
    expect(await errorDeAsync(() => t.ejecutar.execute(new EjecutarPagoCommand(programado.id)))).toEqual({ code: 'PAGO.YA_EJECUTADO', kind: 'conflict' });
    expect(t.proveedor.ordenes).toEqual([]);

    t.reloj.actual = new Date(t.reloj.actual.getTime() + 1_000);
    const pago = await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
    expect(pago.estado).toBe('PAGADO');
    expect(t.proveedor.ordenes.map((o) => [o.pagoId, o.monto.toFixed()])).toEqual([[programado.id, '100.00']]);
    expect((await t.comision(k1.id)).estado).toBe('PAGADA');
    expect(await errorDeAsync(() => t.ejecutar.execute(new EjecutarPagoCommand(programado.id)))).toEqual({ code: 'PAGO.YA_EJECUTADO', kind: 'conflict' });
  });

  it('a commission reverted while its payout is with the provider: budget back once, paid → adjustment, failed → just freed', async () => {
    for (const exito of [true, false]) {
      const t = await preparar();
      const k1 = await t.conAprobada('m1', '100');
      const programado = await t.programar.execute(new ProgramarPagoCommand('a1'));
      t.proveedor.respuesta = exito ? { exito: true, referencia: 'ref' } : { exito: false, motivo: 'CUENTA_INVALIDA' };
      const pagar = t.proveedor.pagar.bind(t.proveedor);
      // the reversal lands between the commit of EN_PROCESO and the provider's answer
      t.proveedor.pagar = async (orden) => {
        await t.revertir('m1');
        return pagar(orden);
      };
      const pago = await t.ejecutar.execute(new EjecutarPagoCommand(programado.id));
      expect(pago.estado).toBe(exito ? 'PAGADO' : 'FALLIDO');
      expect(await t.disponible()).toBe('1000.00');
      expect([(await t.comision(k1.id)).estado]).toEqual(['REVERTIDA']);
      const ajustes = (await t.comisiones.listar({}, 0, 10)).items.filter((c) => c.tipo === 'AJUSTE');
      expect(ajustes.map((a) => [a.estado, a.monto.toFixed()])).toEqual(exito ? [['PENDIENTE_DESCUENTO', '-100.00']] : []);
    }
  });
});
