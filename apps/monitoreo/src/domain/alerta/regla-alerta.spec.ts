import { REGLA_TASA_CONVERSION_BAJA, ReglaAlerta } from './regla-alerta';

const base = { umbral: 2, periodo: '1h' as const, minimoClicks: 100, activa: true };

describe('ReglaAlerta', () => {
  it('keeps a valid configuration and changes only what is given', () => {
    const r = ReglaAlerta.crear(REGLA_TASA_CONVERSION_BAJA, base).con({ umbral: 5.25 });
    expect(r.configuracion()).toEqual({ umbral: 5.25, periodo: '1h', minimoClicks: 100, activa: true });
  });

  it.each([
    [{ umbral: -1 }, 'umbral'],
    [{ umbral: 100.5 }, 'umbral'],
    [{ umbral: 1.23456 }, 'umbral'],
    [{ umbral: Number.NaN }, 'umbral'],
    [{ periodo: '2h' }, 'periodo'],
    [{ minimoClicks: -1 }, 'minimo_clicks'],
    [{ minimoClicks: 1.5 }, 'minimo_clicks'],
    [{ activa: 'yes' }, 'activa'],
  ])('refuses %j naming %s', (cambio, campo) => {
    expect(() => ReglaAlerta.crear(REGLA_TASA_CONVERSION_BAJA, { ...base, ...(cambio as object) })).toThrow(
      expect.objectContaining({ code: 'MONITOREO.REGLA_INVALIDA', kind: 'validation', details: expect.objectContaining({ field: campo }) }),
    );
  });
});
