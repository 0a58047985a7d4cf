import { AlertasEnMemoria, EventLogEnMemoria, ReglasEnMemoria, RelojFijo } from '../../../../test/support/fakes';
import { filas } from '../../../../test/support/filas';
import { EvaluarAlertasCommand } from './evaluar-alertas.command';
import { EvaluarAlertasHandler } from './evaluar-alertas.handler';

describe('EvaluarAlertasHandler: TASA_CONVERSION_BAJA (umbral 2 %, 1h, ≥ 100 clicks)', () => {
  let log: EventLogEnMemoria;
  let alertas: AlertasEnMemoria;
  let reglas: ReglasEnMemoria;
  let reloj: RelojFijo;
  let handler: EvaluarAlertasHandler;
  const evaluar = () => handler.execute(new EvaluarAlertasCommand());

  beforeEach(() => {
    log = new EventLogEnMemoria();
    alertas = new AlertasEnMemoria();
    reglas = new ReglasEnMemoria();
    reloj = new RelojFijo(new Date('2025-06-01T12:30:00.000Z'));
    handler = new EvaluarAlertasHandler(reglas, alertas, log, reloj);
  });

  const ahora = () => reloj.ahora();

  it('fires once per breach, resolves when the rate recovers, and a new breach is a new alert', async () => {
    await log.registrar(filas(100, 'click', ahora()));
    await log.registrar(filas(1, 'conversion', ahora()));

    const [primera] = await evaluar();
    expect(primera).toMatchObject({ regla: 'TASA_CONVERSION_BAJA', decision: { accion: 'disparar' }, aplicada: true, medicion: { clicks: 100, conversiones: 1, tasa: 1 } });
    expect(alertas.publicados).toEqual([
      { eventType: 'AlertaDisparada', payload: { regla: 'TASA_CONVERSION_BAJA', valor: 1, umbral: 2, periodo: '1h', clicks: 100, conversiones: 1 } },
    ]);

    // Still breached on the next rounds: no second event.
    reloj.avanzar(10_000);
    await log.registrar(filas(50, 'click', ahora()));
    expect((await evaluar())[0].decision).toEqual({ accion: 'ninguna', motivo: 'YA_ACTIVA' });
    expect(alertas.publicados).toHaveLength(1);

    // Recovered (a sale is a conversion too): 4 / 150 = 2.67 %.
    await log.registrar(filas(3, 'sale', ahora(), { valor: '10', moneda: 'USD' }));
    const [resuelta] = await evaluar();
    expect(resuelta).toMatchObject({ decision: { accion: 'resolver', motivo: 'RECUPERADA' }, aplicada: true, medicion: { tasa: 2.67 } });
    const [unica] = [...alertas.alertas.values()];
    expect(unica.getProps()).toMatchObject({ estado: 'RESUELTA', valorResolucion: 2.67, resueltaEn: ahora() });
    expect((await evaluar())[0].decision).toEqual({ accion: 'ninguna', motivo: 'SIN_INCUMPLIMIENTO' });

    // A new breach: a second alert, a second event.
    await log.registrar(filas(100, 'click', ahora()));
    expect((await evaluar())[0]).toMatchObject({ decision: { accion: 'disparar' }, aplicada: true, medicion: { clicks: 250, conversiones: 4, tasa: 1.6 } });
    expect(alertas.publicados).toHaveLength(2);
    expect([...alertas.alertas.values()].map((a) => a.estado)).toEqual(['RESUELTA', 'ACTIVA']);
  });

  it('too few clicks: no alert however low the rate', async () => {
    await log.registrar(filas(99, 'click', ahora()));
    expect((await evaluar())[0].decision).toEqual({ accion: 'ninguna', motivo: 'SIN_DATOS_SUFICIENTES' });
    expect(alertas.publicados).toHaveLength(0);
  });

  it('measures over the rule period only: older clicks do not count', async () => {
    await log.registrar(filas(500, 'click', new Date(ahora().getTime() - 2 * 3_600_000)));
    await log.registrar(filas(100, 'click', ahora()));
    await log.registrar(filas(5, 'conversion', ahora()));
    expect((await evaluar())[0]).toMatchObject({ medicion: { clicks: 100, conversiones: 5, tasa: 5 }, decision: { accion: 'ninguna' } });
  });

  it('uses the stored configuration: a higher threshold turns the same data into a breach', async () => {
    await log.registrar(filas(100, 'click', ahora()));
    await log.registrar(filas(3, 'conversion', ahora()));
    expect((await evaluar())[0].decision.accion).toBe('ninguna');
    await reglas.modificar('TASA_CONVERSION_BAJA', (r) => r.con({ umbral: 5 }), { actor: 't', correlationId: 'c' });
    expect((await evaluar())[0]).toMatchObject({ decision: { accion: 'disparar' }, aplicada: true });
    expect(alertas.publicados[0].payload).toMatchObject({ umbral: 5, valor: 3 });
  });

  it('when another replica fired first, this one writes and publishes nothing', async () => {
    await log.registrar(filas(100, 'click', ahora()));
    const otraReplica = new EvaluarAlertasHandler(reglas, alertas, log, reloj);
    // Both measured before either stored: simulate it by making `activa` miss the other's alert once.
    const activa = alertas.activa.bind(alertas);
    jest.spyOn(alertas, 'activa').mockImplementationOnce(async () => null).mockImplementationOnce(async () => null).mockImplementation(activa);
    const [a, b] = await Promise.all([evaluar(), otraReplica.execute(new EvaluarAlertasCommand())]);
    expect([a[0].aplicada, b[0].aplicada].sort()).toEqual([false, true]);
    expect(alertas.publicados).toHaveLength(1);
  });
});
