import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IntegrationEventPublisher } from '@alpes/messaging';
import { consumeTestEvents, type ConsumedTestEvent } from '@alpes/platform/testing';
import { Afiliado } from '../src/domain/afiliado/afiliado.aggregate';
import {
  AfiliadoYaRegistradoError,
  EmailDuplicadoError,
  ModificacionConcurrenteError,
} from '../src/domain/afiliado/afiliado.errors';
import { AFILIADO_REPOSITORY, type AfiliadoRepository, type ContextoCambio } from '../src/domain/afiliado/afiliado.repository.port';
import { DatosRegistro } from '../src/domain/afiliado/value-objects/datos-registro.value-object';
import { AfiliadosTestApp, nuevoAfiliado, startAfiliadosTestApp } from './support/afiliados-app';

/**
 * What other services see: every accepted command leaves its event on afiliados.eventos (Avro, keyed by afiliado_id)
 * and one AccionRegistrada on auditoria.eventos, through the outbox and the real broker.
 */
describe('afiliados: events on the real broker', () => {
  let t: AfiliadosTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startAfiliadosTestApp('events');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('POST /api/v1/afiliados publishes AfiliadoRegistrado v2 (Avro) keyed by the id, with the correlation id, and audits it', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const body = nuevoAfiliado({
      nombre: ' Juan Pérez ',
      email: ` Juan.Perez.${randomUUID().slice(0, 8)}@Email.com `,
      tipo_afiliado: 'premium',
      configuracion_comisiones: { comision_base: 15.5, comision_premium: 20.25 },
      pais: 'co',
      redes_sociales: ['https://instagram.com/juanperez'],
    });
    const res = await http()
      .post('/api/v1/afiliados')
      .set('x-correlation-id', correlationId)
      .set('x-actor', 'backoffice-ana')
      .send(body)
      .expect(201);
    const id: string = res.body.id;

    const [event] = await consumeTestEvents(t.runtime.resolveTopic, 'afiliados.eventos', (e) => e.envelope.aggregate_id === id);
    expect(event.eventType).toBe('AfiliadoRegistrado');
    expect(event.schemaVersion).toBe(2);
    expect(event.key).toBe(id);
    expect(event.envelope).toMatchObject({ producer: 'afiliados', correlation_id: correlationId, aggregate_id: id });
    expect(event.payload).toEqual({
      id,
      nombre: 'Juan Pérez',
      email: res.body.email,
      tipo_afiliado: 'premium',
      estado: 'PENDIENTE',
      configuracion_comisiones: { comision_base: '15.5000', comision_premium: '20.2500' },
      pais: 'CO',
      redes_sociales: ['https://instagram.com/juanperez'],
    });
    expect(res.body.email).toBe(String(body.email).trim().toLowerCase());

    const [audit] = await consumeTestEvents(t.runtime.resolveTopic, 'auditoria.eventos', (e) => e.envelope.aggregate_id === id);
    expect(audit.eventType).toBe('AccionRegistrada');
    expect(audit.key).toBe(id);
    expect(audit.envelope.correlation_id).toBe(correlationId);
    expect(audit.payload).toMatchObject({
      servicio: 'afiliados',
      accion: 'REGISTRAR_AFILIADO',
      recurso: 'afiliado',
      recurso_id: id,
      actor: 'backoffice-ana',
      resultado: 'OK',
      detalle: null,
    });
  });

  it('publishes the whole lifecycle in order on one key, and one audit record per accepted command', async () => {
    const { body } = await http()
      .post('/api/v1/afiliados')
      .send(nuevoAfiliado({ configuracion_comisiones: { comision_base: 15, comision_premium: 20 } }))
      .expect(201);
    const id: string = body.id;
    await http().post(`/api/v1/afiliados/${id}/activar`).expect(200);
    await http().post(`/api/v1/afiliados/${id}/suspender`).send({ motivo: 'tráfico sospechoso' }).expect(200);
    await http().post(`/api/v1/afiliados/${id}/reactivar`).expect(200);
    await http().put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send({ comision_base: 12.5 }).expect(200);
    // Same configuration again: accepted and audited, but nothing changed, so no event.
    await http().put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send({ comision_base: 12.5 }).expect(200);
    // Refused commands are neither published nor audited.
    await http().post(`/api/v1/afiliados/${id}/activar`).expect(409);

    const events = await consumeTestEvents(t.runtime.resolveTopic, 'afiliados.eventos', (e) => e.envelope.aggregate_id === id, {
      count: 5,
    });
    expect(events.map((e) => e.eventType)).toEqual([
      'AfiliadoRegistrado',
      'AfiliadoActivado',
      'AfiliadoSuspendido',
      'AfiliadoReactivado',
      'ConfiguracionComisionesActualizada',
    ]);
    expect(new Set(events.map((e) => e.key))).toEqual(new Set([id]));
    expect(events[2].payload).toEqual({ afiliado_id: id, motivo: 'tráfico sospechoso' });
    expect(events[4].payload).toEqual({ afiliado_id: id, comision_base: '12.5000', comision_premium: null });

    const audits = await consumeTestEvents(t.runtime.resolveTopic, 'auditoria.eventos', (e) => e.envelope.aggregate_id === id, {
      count: 6,
    });
    const acciones = audits.map((a: ConsumedTestEvent) => (a.payload as { accion: string }).accion);
    expect(acciones).toEqual([
      'REGISTRAR_AFILIADO',
      'ACTIVAR_AFILIADO',
      'SUSPENDER_AFILIADO',
      'REACTIVAR_AFILIADO',
      'ACTUALIZAR_CONFIGURACION_COMISIONES',
      'ACTUALIZAR_CONFIGURACION_COMISIONES',
    ]);
    expect((audits[5].payload as { detalle: string | null }).detalle).toBe('sin cambios');

    // Exactly those rows went through the outbox: nothing for the refused activar, nothing more for the no-op.
    const rows: { event_type: string; n: string }[] = await t.dataSource.query(
      'SELECT event_type, COUNT(*) AS n FROM outbox_messages WHERE message_key = ? GROUP BY event_type ORDER BY event_type',
      [id],
    );
    expect(Object.fromEntries(rows.map((r) => [r.event_type, Number(r.n)]))).toEqual({
      AccionRegistrada: 6,
      AfiliadoActivado: 1,
      AfiliadoReactivado: 1,
      AfiliadoRegistrado: 1,
      AfiliadoSuspendido: 1,
      ConfiguracionComisionesActualizada: 1,
    });
  });

  it('an idempotent replay of a registration publishes nothing more', async () => {
    const id = randomUUID();
    const body = nuevoAfiliado({ id });
    await http().post('/api/v1/afiliados').send(body).expect(201);
    await http().post('/api/v1/afiliados').send(body).expect(200);
    const [{ n }]: { n: string }[] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM outbox_messages WHERE message_key = ?',
      [id],
    );
    expect(Number(n)).toBe(2); // AfiliadoRegistrado + its AccionRegistrada, once
  });

  it('GET /health is healthy with the database and the broker up', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'healthy', service: 'afiliados', checks: { database: { status: 'up' }, broker: { status: 'up' } } });
  });

  describe('repository (MariaDB): row, events and audit in one transaction', () => {
    const contexto: ContextoCambio = { accion: 'REGISTRAR_AFILIADO', correlationId: 'repo-test', actor: 'test' };
    const repo = () => t.app.get<AfiliadoRepository>(AFILIADO_REPOSITORY);
    const nuevo = (email: string, id = randomUUID()) =>
      Afiliado.registrar(id, DatosRegistro.of({ nombre: 'Repo', email, tipoAfiliado: 'basico' }));
    const outboxRows = async (id: string) =>
      Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM outbox_messages WHERE message_key = ?', [id]))[0].n);

    it('maps the UNIQUE email index to EmailDuplicadoError, writing nothing (the race the handler cannot see)', async () => {
      const email = `repo.${randomUUID().slice(0, 8)}@email.com`;
      await repo().save(nuevo(email), contexto);
      const segundo = nuevo(email);
      await expect(repo().save(segundo, contexto)).rejects.toBeInstanceOf(EmailDuplicadoError);
      expect(await outboxRows(segundo.id)).toBe(0);
      expect(segundo.pendingEvents).toHaveLength(1); // still the caller's: nothing was committed
    });

    it('maps a duplicate primary key to AfiliadoYaRegistradoError', async () => {
      const id = randomUUID();
      await repo().save(nuevo(`repo.${randomUUID().slice(0, 8)}@email.com`, id), contexto);
      await expect(repo().save(nuevo(`repo.${randomUUID().slice(0, 8)}@email.com`, id), contexto)).rejects.toBeInstanceOf(
        AfiliadoYaRegistradoError,
      );
      expect(await outboxRows(id)).toBe(2);
    });

    it('refuses a stale version (optimistic concurrency) and keeps the winner', async () => {
      const afiliado = nuevo(`repo.${randomUUID().slice(0, 8)}@email.com`);
      await repo().save(afiliado, contexto);
      const a = (await repo().findById(afiliado.id)) as Afiliado;
      const b = (await repo().findById(afiliado.id)) as Afiliado;
      a.activar();
      await repo().save(a, { ...contexto, accion: 'ACTIVAR_AFILIADO' });
      b.activar();
      await expect(repo().save(b, { ...contexto, accion: 'ACTIVAR_AFILIADO' })).rejects.toBeInstanceOf(ModificacionConcurrenteError);
      expect(((await repo().findById(afiliado.id)) as Afiliado).version).toBe(2);
      expect(await outboxRows(afiliado.id)).toBe(4);
    });

    it('rolls the row back when the events cannot be written', async () => {
      const publisher = t.app.get(IntegrationEventPublisher);
      const spy = jest.spyOn(publisher, 'publish').mockRejectedValueOnce(new Error('outbox unavailable'));
      const afiliado = nuevo(`repo.${randomUUID().slice(0, 8)}@email.com`);
      try {
        await expect(repo().save(afiliado, contexto)).rejects.toThrow('outbox unavailable');
      } finally {
        spy.mockRestore();
      }
      expect(await repo().findById(afiliado.id)).toBeNull();
      expect(await outboxRows(afiliado.id)).toBe(0);
    });
  });
});
