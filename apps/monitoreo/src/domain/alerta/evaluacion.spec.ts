import { decidir, medicion } from './evaluacion';
import { REGLA_TASA_CONVERSION_BAJA, ReglaAlerta } from './regla-alerta';

const regla = ReglaAlerta.crear(REGLA_TASA_CONVERSION_BAJA, { umbral: 2, periodo: '1h', minimoClicks: 100, activa: true });

describe('decidir: the alert state machine of one rule', () => {
  it('under the threshold with enough clicks and no active alert → fire', () => {
    expect(decidir(regla, medicion(100, 1), false)).toEqual({ accion: 'disparar' });
  });

  it('still under it while an alert is active → nothing (one alert per breach)', () => {
    expect(decidir(regla, medicion(300, 1), true)).toEqual({ accion: 'ninguna', motivo: 'YA_ACTIVA' });
  });

  it('back at or above the threshold → resolve the active alert', () => {
    expect(decidir(regla, medicion(100, 2), true)).toEqual({ accion: 'resolver', motivo: 'RECUPERADA' });
    expect(decidir(regla, medicion(100, 50), true)).toEqual({ accion: 'resolver', motivo: 'RECUPERADA' });
  });

  it('at or above it and no active alert → nothing', () => {
    expect(decidir(regla, medicion(100, 2), false)).toEqual({ accion: 'ninguna', motivo: 'SIN_INCUMPLIMIENTO' });
  });

  it('fewer clicks than the minimum → no judgement either way', () => {
    expect(decidir(regla, medicion(99, 0), false)).toEqual({ accion: 'ninguna', motivo: 'SIN_DATOS_SUFICIENTES' });
    expect(decidir(regla, medicion(99, 50), true)).toEqual({ accion: 'ninguna', motivo: 'SIN_DATOS_SUFICIENTES' });
  });

  it('no clicks at all is never a breach, even with a minimum of 0', () => {
    expect(decidir(regla.con({ minimoClicks: 0 }), medicion(0, 0), false)).toEqual({ accion: 'ninguna', motivo: 'SIN_DATOS_SUFICIENTES' });
  });

  it('a rule switched off resolves its active alert and fires nothing', () => {
    const apagada = regla.con({ activa: false });
    expect(decidir(apagada, medicion(1000, 0), true)).toEqual({ accion: 'resolver', motivo: 'REGLA_INACTIVA' });
    expect(decidir(apagada, medicion(1000, 0), false)).toEqual({ accion: 'ninguna', motivo: 'REGLA_INACTIVA' });
  });

  it('the rate compared is the rounded one /metrics shows (8 / 401 = 1.995 % → 2.00: not a breach of 2)', () => {
    expect(medicion(401, 8).tasa).toBe(2);
    expect(decidir(regla, medicion(401, 8), false)).toEqual({ accion: 'ninguna', motivo: 'SIN_INCUMPLIMIENTO' });
    expect(decidir(regla, medicion(402, 8), false)).toEqual({ accion: 'disparar' });
  });
});
