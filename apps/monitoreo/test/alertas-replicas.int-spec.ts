import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp } from '@alpes/platform';
import { AppModule } from '../src/app.module';
import { EvaluacionAlertasScheduler } from '../src/infrastructure/scheduling/evaluacion-alertas.scheduler';
import { SERVICE_DEFINITION } from '../src/service-definition';
import { ev, esperarGet, ids, publicar } from './support/eventos';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';
import { silenciarLogs } from './support/silenciar-logs';

/**
 * Two replicas on one database and the same topics, evaluating at the same moment: the database decides, so a breach
 * is one alert and one AlertaDisparada, and a recovery resolves it once.
 */
describe('monitoreo: alerts with two replicas', () => {
  silenciarLogs();
  // Rounds are driven by the test (a day between automatic ones).
  const settings = { MONITOREO_ALERTA_INTERVALO_MS: '86400000', MONITOREO_ALERTA_UMBRAL: '10', MONITOREO_ALERTA_MINIMO_CLICKS: '10' };
  let t: MonitoreoTestApp;
  let segunda: NestExpressApplication;
  const campana = ids('camp');

  beforeAll(async () => {
    t = await startMonitoreoTestApp('replicas', { settings });
    segunda = await createServiceApp(AppModule.forRoot({ ...t.runtime, settings }), SERVICE_DEFINITION);
  });
  afterAll(async () => {
    await segunda?.close();
    await t?.close();
  });

  const ambas = () => Promise.all([t.app.get(EvaluacionAlertasScheduler).tick(), segunda.get(EvaluacionAlertasScheduler).tick()]);
  const publicadas = async () => Number(((await t.dataSource.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'AlertaDisparada'")) as { n: string }[])[0].n);

  it('one alert and one event per breach, one resolution, however the two rounds interleave', async () => {
    for (let ronda = 1; ronda <= 3; ronda++) {
      // Breach: 10 more clicks, no conversion ((ronda − 1) / 10·ronda < 10 %).
      await publicar(t, ...Array.from({ length: 10 }, () => ev('ClickRegistrado', { id: ids('c'), campana_id: campana }, { key: campana })));
      await esperarGet(t, '/events?event_type=ClickRegistrado', (b: { total: number }) => b.total === 10 * ronda);
      const [a, b] = await ambas();
      const disparos = [...a, ...b].filter((r) => r.decision.accion === 'disparar' && r.aplicada);
      expect({ ronda, disparos: disparos.length }).toEqual({ ronda, disparos: 1 });
      expect(await publicadas()).toBe(ronda);
      await ambas();
      expect(await publicadas()).toBe(ronda);

      // Recovery: one conversion per 10 clicks is exactly 10 %.
      await publicar(t, ev('ConversionValidada', { conversion_id: ids('v'), campana_id: campana, tipo_conversion: 'lead', valor: '0.0000', moneda: 'USD' }, { key: campana }));
      await esperarGet(t, '/metrics?period=1h', (m: { conversion_rate: number }) => m.conversion_rate >= 10);
      const [c, d] = await ambas();
      expect([...c, ...d].filter((r) => r.decision.accion === 'resolver' && r.aplicada)).toHaveLength(1);
      const alertas = (await t.http().get('/alertas').expect(200)).body as { items: { estado: string }[]; total: number };
      expect(alertas.total).toBe(ronda);
      expect(alertas.items.every((x) => x.estado === 'RESUELTA')).toBe(true);
    }
  });
});
