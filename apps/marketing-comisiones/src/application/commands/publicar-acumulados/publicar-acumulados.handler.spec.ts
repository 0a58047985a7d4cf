import { Money } from '@alpes/seedwork';
import { Comision } from '../../../domain/comision/comision.aggregate';
import { entorno } from '../../../testing/fakes';
import { PublicarAcumuladosHandler } from './publicar-acumulados.handler';

describe('PublicarAcumuladosHandler', () => {
  it('publishes one ComisionCalculada with the running total per changed accrual, then nothing until it changes again', async () => {
    const t = entorno();
    const handler = new PublicarAcumuladosHandler(t.uow, t.comisiones, t.reloj);
    const acc = Comision.nuevoAcumulado({ afiliadoId: 'a1', campanaId: 'c1', modelo: 'CPC', tarifa: Money.of('0.5', 'USD'), periodo: '2025-06-15', ahora: t.reloj.ahora() });
    acc.registrarIncremento(3, acc.montoParaCantidad(3), t.reloj.ahora());
    await t.uow.run((tx) => t.comisiones.guardar(tx, [acc]));

    expect(await handler.execute()).toBe(1);
    expect(t.db.eventosDe('ComisionCalculada')).toEqual([expect.objectContaining({ id: acc.id, monto: '1.50', periodo: '2025-06-15' })]);
    expect(await handler.execute()).toBe(0);

    await t.uow.run(async (tx) => {
      const a = (await t.comisiones.findByIdParaActualizar(tx, acc.id)) as Comision;
      a.registrarIncremento(1, a.montoParaCantidad(4), t.reloj.ahora());
      await t.comisiones.guardar(tx, [a]);
    });
    expect(await handler.execute()).toBe(1);
    expect(t.db.eventosDe<{ id: string; monto: string }>('ComisionCalculada').map((e) => [e.id, e.monto])).toEqual([
      [acc.id, '1.50'],
      [acc.id, '2.00'],
    ]);
  });
});
