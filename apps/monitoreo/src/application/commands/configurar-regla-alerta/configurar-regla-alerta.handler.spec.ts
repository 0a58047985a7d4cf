import { ReglasEnMemoria } from '../../../../test/support/fakes';
import { ConfigurarReglaAlertaCommand } from './configurar-regla-alerta.command';
import { ConfigurarReglaAlertaHandler } from './configurar-regla-alerta.handler';

describe('ConfigurarReglaAlertaHandler', () => {
  it('stores the changed settings (the rest keep their value) with who changed them', async () => {
    const reglas = new ReglasEnMemoria();
    const handler = new ConfigurarReglaAlertaHandler(reglas);
    const regla = await handler.execute(new ConfigurarReglaAlertaCommand('TASA_CONVERSION_BAJA', { umbral: 5, minimoClicks: 10 }, 'ana', { correlationId: 'corr-9' }));
    expect(regla.configuracion()).toEqual({ umbral: 5, periodo: '1h', minimoClicks: 10, activa: true });
    expect((await reglas.obtener('TASA_CONVERSION_BAJA')).configuracion()).toEqual(regla.configuracion());
    expect(reglas.auditadas).toEqual([{ regla, contexto: { actor: 'ana', correlationId: 'corr-9' } }]);
  });

  it('an unknown rule is MONITOREO.REGLA_NO_ENCONTRADA (404), an invalid setting MONITOREO.REGLA_INVALIDA (400); nothing stored', async () => {
    const reglas = new ReglasEnMemoria();
    const handler = new ConfigurarReglaAlertaHandler(reglas);
    await expect(handler.execute(new ConfigurarReglaAlertaCommand('OTRA', { umbral: 5 }, 'ana'))).rejects.toMatchObject({ code: 'MONITOREO.REGLA_NO_ENCONTRADA', kind: 'not_found' });
    await expect(handler.execute(new ConfigurarReglaAlertaCommand('TASA_CONVERSION_BAJA', { umbral: 101 }, 'ana'))).rejects.toMatchObject({ code: 'MONITOREO.REGLA_INVALIDA', kind: 'validation' });
    expect(reglas.auditadas).toHaveLength(0);
  });
});
