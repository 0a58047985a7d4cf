import type { FuenteBacklog, MedidaBacklog } from '../ports/backlog.port';
import type { ComandoIngesta } from '../ports/cola-ingesta.port';
import { CONFIG } from '../../testing/fakes';
import { AdmisionIngesta } from './admision-ingesta';

class FuenteFija implements FuenteBacklog {
  medida: MedidaBacklog = { outbox: 0, procesador: 0, consumidores: 0 };
  fallo?: Error;
  llamadas = 0;
  async medir(): Promise<MedidaBacklog> {
    this.llamadas++;
    if (this.fallo) throw this.fallo;
    return this.medida;
  }
}

function impresiones(n: number): ComandoIngesta[] {
  return Array.from({ length: n }, (_, i) => ({
    comando: {
      eventType: 'RegistrarImpresion' as const,
      key: 'cam-1',
      payload: { id: `imp-${i}`, campana_id: 'cam-1', afiliado_id: 'afi-1', usuario_id: null, user_agent: null, ip_address: null, referrer: null, timestamp: 1 },
    },
    correlationId: 'c',
    actor: 'api',
  }));
}

const conversion: ComandoIngesta = {
  comando: {
    eventType: 'RegistrarConversion',
    key: 'cam-2',
    payload: {
      id: 'conv-1',
      click_id: null,
      afiliado_id: 'afi-1',
      campana_id: 'cam-2',
      tipo_conversion: 'venta',
      valor_conversion: '10',
      moneda: 'COP',
      referencia_externa: null,
      usuario_id: null,
      timestamp: 1,
    },
  },
  correlationId: 'c',
  actor: 'api',
};

describe('AdmisionIngesta (back-pressure)', () => {
  let fuente: FuenteFija;
  let ahora: number;
  let admision: AdmisionIngesta;
  const config = { ...CONFIG, admisionUmbralTracking: 1_000, admisionUmbralDinero: 4_000 };

  beforeEach(() => {
    fuente = new FuenteFija();
    ahora = 1_000_000;
    admision = new AdmisionIngesta(fuente, config, () => ahora);
  });

  it('admits below the threshold; the measured parts add up (outbox + processor + connected consumers)', async () => {
    fuente.medida = { outbox: 300, procesador: 300, consumidores: 300 };
    await admision.muestrear();
    expect(() => admision.admitir(impresiones(50))).not.toThrow();
    expect(admision.estado()).toMatchObject({ medido: 900, admitidosDesdeMuestra: 50 });
  });

  it('refuses impressions once the measured backlog reaches the tracking threshold: TRACKING.SOBRECARGA with a Retry-After', async () => {
    fuente.medida = { outbox: 400, procesador: 600, consumidores: 0 };
    await admision.muestrear();
    let error: unknown;
    try {
      admision.admitir(impresiones(1));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'TRACKING.SOBRECARGA', name: 'SobrecargaError' });
    expect((error as { reintentarEnSegundos: number }).reintentarEnSegundos).toBeGreaterThanOrEqual(1);
    expect(admision.estado().rechazados.TRACKING).toBe(1);
  });

  it('money still gets in while impressions are refused; it is refused only at its own, higher threshold', async () => {
    fuente.medida = { outbox: 2_000, procesador: 0, consumidores: 0 };
    await admision.muestrear();
    expect(() => admision.admitir(impresiones(1))).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
    expect(() => admision.admitir([conversion])).not.toThrow();
    fuente.medida = { outbox: 4_000, procesador: 0, consumidores: 0 };
    await admision.muestrear();
    expect(() => admision.admitir([conversion])).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
  });

  it('between samples, what this instance admits counts: a flood cannot slip in a whole interval (a /lote counts its items)', async () => {
    await admision.muestrear();
    admision.admitir(impresiones(999));
    admision.admitir(impresiones(1_000)); // 999 < 1000 when asked: admitted whole
    expect(() => admision.admitir(impresiones(1))).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
    expect(admision.estado().rechazados.TRACKING).toBe(1);
  });

  it('commands waiting for the group commit count too', async () => {
    await admision.muestrear();
    expect(() => admision.admitir(impresiones(1), 1_000)).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
  });

  it('admits again once the backlog drained; Retry-After follows the measured drain rate', async () => {
    fuente.medida = { outbox: 0, procesador: 6_000, consumidores: 0 };
    await admision.muestrear();
    ahora += 1_000;
    fuente.medida = { outbox: 0, procesador: 4_000, consumidores: 0 }; // 2,000 events/s
    await admision.muestrear();
    expect(admision.estado().tasaDrenaje).toBe(2_000);
    expect(() => admision.admitir(impresiones(1))).toThrow(expect.objectContaining({ reintentarEnSegundos: 2 })); // (4000-1000+1)/2000
    ahora += 2_000;
    fuente.medida = { outbox: 0, procesador: 0, consumidores: 0 };
    await admision.muestrear();
    expect(() => admision.admitir(impresiones(10))).not.toThrow();
  });

  it('between samples, the measured drain rate is subtracted (for at most two intervals)', async () => {
    fuente.medida = { outbox: 0, procesador: 6_000, consumidores: 0 };
    await admision.muestrear();
    ahora += 1_000;
    fuente.medida = { outbox: 0, procesador: 4_000, consumidores: 0 }; // 2,000 events/s
    await admision.muestrear();
    ahora += 1_000; // ≈ 2,000 left
    expect(() => admision.admitir(impresiones(1))).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
    ahora += 600; // ≈ 800 left
    expect(() => admision.admitir(impresiones(100))).not.toThrow();
    const parado = new AdmisionIngesta(fuente, config, () => ahora);
    fuente.medida = { outbox: 0, procesador: 12_000, consumidores: 0 };
    await parado.muestrear();
    ahora += 1_000;
    fuente.medida = { outbox: 0, procesador: 10_000, consumidores: 0 };
    await parado.muestrear();
    ahora += 60_000; // no sample for a minute: only 2 intervals (4,000) are assumed drained
    expect(() => parado.admitir(impresiones(1))).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
  });

  it('a part that cannot be measured keeps its last value (a broker outage does not open the gates)', async () => {
    fuente.medida = { outbox: 100, procesador: 950, consumidores: 0 };
    await admision.muestrear();
    fuente.medida = { outbox: 120, procesador: null, consumidores: null };
    await admision.muestrear();
    expect(admision.estado().medido).toBe(1_070);
    fuente.fallo = new Error('db down');
    await expect(admision.muestrear()).resolves.toBeUndefined();
    expect(admision.estado().medido).toBe(1_070);
    expect(() => admision.admitir(impresiones(1))).toThrow(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
  });

  it('thresholds at 0 switch it off (nothing sampled, nothing refused)', async () => {
    const apagada = new AdmisionIngesta(fuente, { ...config, admisionUmbralTracking: 0, admisionUmbralDinero: 0 }, () => ahora);
    apagada.onModuleInit();
    fuente.medida = { outbox: 1e9, procesador: 0, consumidores: 0 };
    expect(() => apagada.admitir(impresiones(1000))).not.toThrow();
    expect(fuente.llamadas).toBe(0);
    await apagada.onApplicationShutdown();
  });
});
