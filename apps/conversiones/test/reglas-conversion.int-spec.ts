import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { isEvent } from '@alpes/contracts';
import { consumeTestEvents, publishTestEvents, waitFor } from '@alpes/platform/testing';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { esperarConversion, post, type Body } from './support/http';

/**
 * Issue 10, items 8 and 9 (conversiones): a conversion whose click belongs to another campaign/affiliate than the
 * one it names is refused; exactly one of many concurrent reverts is accepted; affiliate and campaign states are
 * judged at the conversion's own time. Real MariaDB + Pulsar.
 */
describe('conversiones: conversion rules hardened (real MariaDB + Pulsar)', () => {
  let e: Escenario;
  const uid = () => randomUUID().slice(0, 8);

  beforeAll(async () => {
    e = await iniciarEscenario('reglas');
  });

  afterAll(async () => {
    await e?.close();
  });

  const click = (o: Body = {}): Promise<string> =>
    post(e, '/api/v1/tracking/clicks', { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, ...o })
      .expect(202)
      .then((r) => r.body.id as string);
  const venta = (o: Body) => post(e, '/api/v1/conversiones', { tipo_conversion: 'venta', valor_conversion: 1000, moneda: 'COP', ...o });

  describe('item 8: the click decides the campaign; naming another one is refused', () => {
    it('a click already known: 422 CONVERSION.CLICK_NO_CORRESPONDE for another campaign or affiliate, nothing stored', async () => {
      const clickId = await click();
      for (const nombrados of [{ campana_id: MUNDO.campanaCorta }, { afiliado_id: MUNDO.afiliado2 }, { campana_id: MUNDO.campanaCorta, afiliado_id: MUNDO.afiliado }]) {
        const id = `conv-${uid()}`;
        const r = await venta({ id, click_id: clickId, ...nombrados });
        expect(r.status).toBe(422);
        expect(r.body).toMatchObject({ code: 'CONVERSION.CLICK_NO_CORRESPONDE', details: { click_id: clickId } });
        expect(await e.query('SELECT id FROM conversiones_aceptadas WHERE id = ?', [id])).toHaveLength(0);
      }
      // Its own campaign and affiliate named: accepted and validated for them.
      const buena = `conv-${uid()}`;
      await venta({ id: buena, click_id: clickId, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado }).expect(202);
      expect(await esperarConversion(e, buena, 'VALIDADA')).toMatchObject({ campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado });
    });

    it('a click still in flight: accepted (202), then RECHAZADA CLICK_NO_CORRESPONDE when the click arrives — never validated for the click’s campaign', async () => {
      const clickId = `click-${uid()}`;
      const id = `conv-${uid()}`;
      await venta({ id, click_id: clickId, campana_id: MUNDO.campanaCorta }).expect(202);
      await click({ id: clickId });
      const vista = await esperarConversion(e, id, 'RECHAZADA');
      expect(vista).toMatchObject({ motivo_rechazo: 'CLICK_NO_CORRESPONDE', campana_id: MUNDO.campanaCorta, click_id: clickId });
      expect(vista.detalle_rechazo).toContain(MUNDO.campana);
      const [rechazo] = await consumeTestEvents(e.runtime.resolveTopic, 'conversiones.eventos', (ev) => isEvent(ev, 'ConversionRechazada') && ev.payload.conversion_id === id);
      expect(rechazo.payload).toMatchObject({ motivo: 'CLICK_NO_CORRESPONDE', campana_id: MUNDO.campanaCorta });
      const validadas = await e.query("SELECT 1 FROM event_store WHERE aggregate_id = ? AND event_type = 'ConversionValidada'", [id]);
      expect(validadas).toHaveLength(0);
    });
  });

  describe('item 9a: concurrent reverts', () => {
    it('48 concurrent reverts of one conversion: exactly one 202, every other 409 with a stable code; one command, one ConversionRevertida', async () => {
      const server = e.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const id = `conv-${uid()}`;
      await venta({ id, afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana }).expect(202);
      await esperarConversion(e, id, 'VALIDADA');
      const respuestas = await Promise.all(
        Array.from({ length: 48 }, () => request(base).post(`/api/v1/conversiones/${id}/revertir`).send({ motivo: 'Reembolso' })),
      );
      const porEstado = new Map<number, number>();
      for (const r of respuestas) porEstado.set(r.status, (porEstado.get(r.status) ?? 0) + 1);
      expect(Object.fromEntries(porEstado)).toEqual({ 202: 1, 409: 47 });
      for (const r of respuestas.filter((x) => x.status === 409)) {
        expect(['CONVERSION.REVERSION_EN_CURSO', 'CONVERSION.TRANSICION_INVALIDA']).toContain(r.body.code);
      }
      await esperarConversion(e, id, 'REVERTIDA');
      // The only revert of this file's database: one command; audited twice (the conversion, the one accepted revert).
      const comandos = await e.query("SELECT 1 FROM outbox_messages WHERE event_type = 'RevertirConversion' AND message_key = ?", [MUNDO.campana]);
      expect(comandos).toHaveLength(1);
      const auditados = await e.query("SELECT 1 FROM outbox_messages WHERE event_type = 'AccionRegistrada' AND message_key = ?", [id]);
      expect(auditados).toHaveLength(2);
      const eventos = await e.query<{ event_type: string }>('SELECT event_type FROM event_store WHERE aggregate_id = ? ORDER BY version', [id]);
      expect(eventos.map((x) => x.event_type)).toEqual(['ConversionRegistrada', 'ConversionValidada', 'ConversionRevertida']);
      const [{ n }] = await e.query<{ n: string }>('SELECT COUNT(*) AS n FROM reversiones_aceptadas WHERE conversion_id = ?', [id]);
      expect(Number(n)).toBe(1);
      const despues = await post(e, `/api/v1/conversiones/${id}/revertir`, { motivo: 'otra vez' });
      expect(despues.status).toBe(409);
      expect(despues.body).toMatchObject({ code: 'CONVERSION.TRANSICION_INVALIDA', details: { estado: 'REVERTIDA' } });
    });
  });

  describe('item 9b: states at the conversion’s own time', () => {
    it('an affiliate suspended AFTER the sale (processed later): VALIDADA; a sale made while it was suspended: AFILIADO_INACTIVO', async () => {
      const afiliado = `afi-${uid()}`;
      const suspension = Date.now() - 60_000;
      await publishTestEvents(e.runtime.resolveTopic, [
        {
          eventType: 'AfiliadoRegistrado',
          payload: { id: afiliado, nombre: 'A', email: `${afiliado}@example.com`, tipo_afiliado: 'basico', estado: 'PENDIENTE', configuracion_comisiones: { comision_base: '10' } },
          meta: { aggregate_id: afiliado, occurred_at: suspension - 3_600_000 },
        },
        { eventType: 'AfiliadoActivado', payload: { afiliado_id: afiliado }, meta: { aggregate_id: afiliado, occurred_at: suspension - 3_500_000 } },
        { eventType: 'AfiliadoAsignadoACampana', payload: { campana_id: MUNDO.campana, afiliado_id: afiliado }, meta: { aggregate_id: MUNDO.campana } },
        { eventType: 'AfiliadoSuspendido', payload: { afiliado_id: afiliado, motivo: 'fraude' }, meta: { aggregate_id: afiliado, occurred_at: suspension } },
      ]);
      await waitFor(async () => {
        const filas = await e.query<{ estado: string }>('SELECT estado FROM afiliados_proyeccion WHERE id = ?', [afiliado]);
        const asignado = await e.query('SELECT 1 FROM campana_afiliados WHERE campana_id = ? AND afiliado_id = ?', [MUNDO.campana, afiliado]);
        return filas[0]?.estado === 'SUSPENDIDO' && asignado.length === 1;
      }, 30_000, 'the suspension projected');
      // Both are processed now, after the suspension: only the sale's own time differs.
      const antes = `conv-${uid()}`;
      const durante = `conv-${uid()}`;
      await venta({ id: antes, afiliado_id: afiliado, campana_id: MUNDO.campana, timestamp: suspension - 1_000 }).expect(202);
      await venta({ id: durante, afiliado_id: afiliado, campana_id: MUNDO.campana, timestamp: suspension + 1_000 }).expect(202);
      expect(await esperarConversion(e, antes, 'VALIDADA')).toMatchObject({ afiliado_id: afiliado });
      const rechazada = await esperarConversion(e, durante, 'RECHAZADA');
      expect(rechazada.motivo_rechazo).toBe('AFILIADO_INACTIVO');
      expect(rechazada.detalle_rechazo).toContain('SUSPENDIDO');
      // New impressions and clicks are checked against the current state: refused at once.
      const r = await post(e, '/api/v1/tracking/clicks', { campana_id: MUNDO.campana, afiliado_id: afiliado });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('TRACKING.AFILIADO_INACTIVO');
    });

    it('a campaign paused AFTER the sale: VALIDADA; a sale after the pause: CAMPANA_INACTIVA (with a click and without)', async () => {
      const campana = `cam-${uid()}`;
      const pausa = Date.now() - 60_000;
      await publishTestEvents(e.runtime.resolveTopic, [
        {
          eventType: 'CampanaCreada',
          payload: {
            id: campana,
            nombre: 'C',
            producto: 'P',
            marca: 'M',
            presupuesto: '1000000',
            moneda: 'COP',
            reglas_comision: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '10' }],
            fecha_inicio: null,
            fecha_fin: null,
            ventana_atribucion_dias: 30,
            afiliados_ids: [MUNDO.afiliado],
          },
          meta: { aggregate_id: campana, occurred_at: pausa - 3_600_000 },
        },
        { eventType: 'CampanaActivada', payload: { campana_id: campana }, meta: { aggregate_id: campana, occurred_at: pausa - 3_500_000 } },
      ]);
      await waitFor(async () => (await e.query<{ estado: string }>('SELECT estado FROM campanas_proyeccion WHERE id = ?', [campana]))[0]?.estado === 'ACTIVA', 30_000, 'campaign active');
      const clickId = await click({ campana_id: campana, timestamp: pausa - 120_000 });
      await waitFor(async () => (await e.query('SELECT 1 FROM clicks WHERE id = ?', [clickId])).length === 1, 30_000, 'click processed');
      await publishTestEvents(e.runtime.resolveTopic, [
        { eventType: 'CampanaPausada', payload: { campana_id: campana, motivo: null }, meta: { aggregate_id: campana, occurred_at: pausa } },
      ]);
      await waitFor(async () => (await e.query<{ estado: string }>('SELECT estado FROM campanas_proyeccion WHERE id = ?', [campana]))[0]?.estado === 'PAUSADA', 30_000, 'campaign paused');
      const casos = [
        { id: `conv-${uid()}`, o: { afiliado_id: MUNDO.afiliado, campana_id: campana, timestamp: pausa - 1_000 }, estado: 'VALIDADA' },
        { id: `conv-${uid()}`, o: { click_id: clickId, usuario_id: `u-${uid()}`, timestamp: pausa - 1_000 }, estado: 'VALIDADA' },
        { id: `conv-${uid()}`, o: { afiliado_id: MUNDO.afiliado, campana_id: campana, timestamp: pausa + 1_000 }, estado: 'RECHAZADA' },
        { id: `conv-${uid()}`, o: { click_id: clickId, usuario_id: `u-${uid()}`, timestamp: pausa + 1_000 }, estado: 'RECHAZADA' },
      ];
      for (const c of casos) await venta({ id: c.id, ...c.o }).expect(202);
      for (const c of casos) {
        const vista = await esperarConversion(e, c.id, c.estado);
        if (c.estado === 'RECHAZADA') expect(vista.motivo_rechazo).toBe('CAMPANA_INACTIVA');
        else expect(vista.campana_id).toBe(campana);
      }
    });
  });
});
