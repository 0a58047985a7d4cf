import type { TopicKey } from '@alpes/contracts';
import type { BrokerAdminPort, EcosistemaConfig, EstadisticasTopic, SondaServiciosPort } from './ecosistema.ports';
import { ObtenerEcosistemaHandler } from './obtener-ecosistema.handler';
import { ObtenerEcosistemaQuery } from './obtener-ecosistema.query';

class BrokerContador implements BrokerAdminPort {
  readonly url = 'http://broker:8080';
  llamadas = 0;
  liberar: (() => void) | undefined;
  private bloqueo: Promise<void> | undefined;

  bloquear(): void {
    this.bloqueo = new Promise<void>((resolve) => (this.liberar = resolve));
  }

  async estadisticasTopic(): Promise<EstadisticasTopic | null> {
    this.llamadas++;
    await this.bloqueo;
    return null;
  }

  async mensajesAlmacenados(): Promise<number | null> {
    return null;
  }
}

const sonda: SondaServiciosPort = { sondear: async (o) => ({ ...o, up: true, status: 'healthy', latenciaMs: 1, error: null }) };

describe('ObtenerEcosistemaHandler', () => {
  let reloj: number;
  let broker: BrokerContador;
  let handler: ObtenerEcosistemaHandler;
  const topicos = 10;

  beforeEach(() => {
    reloj = 1_000_000;
    broker = new BrokerContador();
    const config: EcosistemaConfig = {
      resolveTopic: (key: TopicKey) => `persistent://public/default/t-${key}`,
      servicios: [{ servicio: 'afiliados', url: 'http://a:8001' }],
      cacheMs: 1_500,
      ahora: () => reloj,
    };
    handler = new ObtenerEcosistemaHandler(config, broker, sonda);
  });

  it('reuses one snapshot for cacheMs after it was taken, then asks the broker again', async () => {
    const primero = await handler.execute(new ObtenerEcosistemaQuery());
    expect(broker.llamadas).toBe(topicos);

    reloj += 1_499;
    await expect(handler.execute(new ObtenerEcosistemaQuery())).resolves.toBe(primero);
    expect(broker.llamadas).toBe(topicos);

    reloj += 1;
    const segundo = await handler.execute(new ObtenerEcosistemaQuery());
    expect(segundo).not.toBe(primero);
    expect(broker.llamadas).toBe(2 * topicos);
  });

  it('shares one collection in flight among concurrent requests, however long it takes', async () => {
    broker.bloquear();
    const a = handler.execute(new ObtenerEcosistemaQuery());
    reloj += 60_000;
    const b = handler.execute(new ObtenerEcosistemaQuery());
    broker.liberar?.();

    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toBe(rb);
    expect(broker.llamadas).toBe(topicos);
  });
});
