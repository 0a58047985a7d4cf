import { Alerta } from './alerta.aggregate';
import { medicion } from './evaluacion';
import { REGLA_TASA_CONVERSION_BAJA, ReglaAlerta } from './regla-alerta';

const regla = ReglaAlerta.crear(REGLA_TASA_CONVERSION_BAJA, { umbral: 2, periodo: '1h', minimoClicks: 100, activa: true });
const T = new Date('2025-06-01T12:00:00.000Z');

describe('Alerta', () => {
  it('firing makes it ACTIVA and records one AlertaDisparada with the measured rate', () => {
    const a = Alerta.disparar('a-1', regla, medicion(200, 2), T);
    expect(a.getProps()).toMatchObject({ estado: 'ACTIVA', valor: 1, umbral: 2, periodo: '1h', clicks: 200, conversiones: 2, disparadaEn: T, resueltaEn: null });
    expect(a.pendingEvents).toHaveLength(1);
    expect(a.pendingEvents[0]).toMatchObject({
      eventType: 'AlertaDisparada',
      aggregateId: 'a-1',
      occurredAt: T,
      payload: { regla: 'TASA_CONVERSION_BAJA', valor: 1, umbral: 2, periodo: '1h', clicks: 200, conversiones: 2 },
    });
  });

  it('resolving: ACTIVA → RESUELTA with the recovered rate, no event; twice is a conflict', () => {
    const a = Alerta.disparar('a-1', regla, medicion(200, 2), T);
    a.pullDomainEvents();
    const despues = new Date(T.getTime() + 60_000);
    a.resolver(despues, 2.5);
    expect(a.getProps()).toMatchObject({ estado: 'RESUELTA', resueltaEn: despues, valorResolucion: 2.5 });
    expect(a.pendingEvents).toHaveLength(0);
    expect(() => a.resolver(despues, 3)).toThrow(expect.objectContaining({ code: 'MONITOREO.ALERTA_YA_RESUELTA', kind: 'conflict' }));
  });
});
