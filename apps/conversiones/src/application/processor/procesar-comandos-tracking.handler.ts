import { Inject, Injectable, Optional } from '@nestjs/common';
import type { RegistrarClick, RegistrarConversion, RegistrarImpresion, RevertirConversion } from '@alpes/contracts';
import { createLogger, type ReceivedEvent } from '@alpes/messaging';
import { Money, type AggregateRoot } from '@alpes/seedwork';
import { AtribucionPolicy } from '../../domain/atribucion/atribucion.policy';
import { Conversion } from '../../domain/conversion/conversion.aggregate';
import { ClickFloodingPolicy } from '../../domain/fraude/click-flooding.policy';
import { Click } from '../../domain/tracking/click.aggregate';
import { Impresion, type MetaEvento } from '../../domain/tracking/impresion.aggregate';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../conversiones.config';
import type { TransaccionAbierta } from '../ports/transaccion';
import { TRACKING_STORE, type ConversionPendiente, type CubetaClicks, type TrackingStoreFactory } from '../ports/tracking-store.port';
import { evaluarConversion } from './evaluar-conversion';
import { RELOJ, relojDelSistema, type Reloj } from './reloj';

/** What one batch did (logged, and asserted by the tests). */
export interface ResumenLoteTracking {
  impresiones: number;
  clicks: number;
  clicksFraude: number;
  conversiones: number;
  reversiones: number;
  /** Conversions left waiting for their click. */
  pendientes: number;
  /** Commands for an id that already exists (retries): ignored. */
  duplicados: number;
  /** Commands that could not apply (revert of an unknown conversion or from a wrong state): logged and skipped. */
  ignorados: number;
}

type Paso =
  | { readonly tipo: 'conversion'; readonly evento: ReceivedEvent; readonly payload: RegistrarConversion }
  | { readonly tipo: 'reversion'; readonly evento: ReceivedEvent; readonly payload: RevertirConversion };

/**
 * The processor of `tracking.comandos`: one batch of commands, in arrival order, inside ONE transaction (the batch
 * consumer's, which also holds the batch's inbox rows). Impressions and clicks become single-event streams; clicks
 * are counted per IP, campaign and minute and the flood ones flagged; conversions are event-sourced, attributed and
 * validated (or parked while their click is in flight); reverts apply to VALIDADA conversions. Everything is
 * appended to the event store and the outbox with a handful of multi-row statements.
 *
 * A command for an id that already has a stream (a client retry, or the same id twice in the batch) is ignored.
 */
@Injectable()
export class ProcesarComandosTrackingHandler {
  private readonly log = createLogger('procesador-tracking');
  private readonly atribucion: AtribucionPolicy;
  private readonly flooding: ClickFloodingPolicy;

  constructor(
    @Inject(TRACKING_STORE) private readonly stores: TrackingStoreFactory,
    @Inject(CONVERSIONES_CONFIG) config: ConversionesConfig,
    @Optional() @Inject(RELOJ) private readonly reloj: Reloj = relojDelSistema,
  ) {
    this.atribucion = new AtribucionPolicy(config.graciaClickMs);
    this.flooding = new ClickFloodingPolicy(config.umbralClicksPorIpMinuto);
  }

  async handle(eventos: readonly ReceivedEvent[], tx: TransaccionAbierta): Promise<ResumenLoteTracking> {
    const store = this.stores.en(tx);
    const ahora = this.reloj();
    const resumen: ResumenLoteTracking = { impresiones: 0, clicks: 0, clicksFraude: 0, conversiones: 0, reversiones: 0, pendientes: 0, duplicados: 0, ignorados: 0 };

    // 1. Classify, keeping the first command of each new id.
    const impresiones: [ReceivedEvent, RegistrarImpresion][] = [];
    const clicks: [ReceivedEvent, RegistrarClick][] = [];
    const pasos: Paso[] = [];
    const ids = new Set<string>();
    const nuevo = (id: string): boolean => {
      if (ids.has(id)) {
        resumen.duplicados++;
        return false;
      }
      ids.add(id);
      return true;
    };
    for (const evento of eventos) {
      switch (evento.eventType) {
        case 'RegistrarImpresion': {
          const p = evento.payload as RegistrarImpresion;
          if (nuevo(p.id)) impresiones.push([evento, p]);
          break;
        }
        case 'RegistrarClick': {
          const p = evento.payload as RegistrarClick;
          if (nuevo(p.id)) clicks.push([evento, p]);
          break;
        }
        case 'RegistrarConversion': {
          const p = evento.payload as RegistrarConversion;
          if (nuevo(p.id)) pasos.push({ tipo: 'conversion', evento, payload: p });
          break;
        }
        case 'RevertirConversion':
          pasos.push({ tipo: 'reversion', evento, payload: evento.payload as RevertirConversion });
          break;
        default:
          resumen.ignorados++;
          this.log.warn({ event_type: evento.eventType, event_id: evento.eventId }, 'unexpected event type on tracking.comandos: skipped');
      }
    }
    const existentes = await store.existentes([...ids]);
    const esNuevo = (id: string): boolean => {
      if (!existentes.has(id)) return true;
      resumen.duplicados++;
      return false;
    };

    const agregados: AggregateRoot<object>[] = [];

    // 2. Impressions.
    for (const [evento, p] of impresiones) {
      if (!esNuevo(p.id)) continue;
      agregados.push(Impresion.registrar({ ...p, usuario_id: p.usuario_id ?? null, user_agent: p.user_agent ?? null, ip_address: p.ip_address ?? null, referrer: p.referrer ?? null }, metaDe(evento)));
      resumen.impresiones++;
    }

    // 3. Clicks: counted per (campaign, IP, minute) before they are recorded, so conversions of this batch see them.
    const clicksNuevos = clicks.filter(([, p]) => esNuevo(p.id));
    const cubetas = new Map<string, { cubeta: CubetaClicks; indices: number[] }>();
    clicksNuevos.forEach(([, p], i) => {
      if (!p.ip_address) return;
      const minuto = ClickFloodingPolicy.minutoDe(p.timestamp);
      const clave = `${p.campana_id}\u0000${p.ip_address}\u0000${minuto}`;
      const entrada = cubetas.get(clave) ?? { cubeta: { campanaId: p.campana_id, ip: p.ip_address, minuto, cantidad: 0 }, indices: [] };
      entrada.indices.push(i);
      entrada.cubeta = { ...entrada.cubeta, cantidad: entrada.indices.length };
      cubetas.set(clave, entrada);
    });
    const flood = new Set<number>();
    if (cubetas.size > 0) {
      const entradas = [...cubetas.values()];
      const previos = await store.contarClicks(entradas.map((e) => e.cubeta));
      entradas.forEach((e, j) => this.flooding.marcar(previos[j], e.indices.length).forEach((marcado, k) => marcado && flood.add(e.indices[k])));
    }
    const clicksRegistrados = clicksNuevos.map(([evento, p], i) =>
      Click.registrar(
        {
          ...p,
          usuario_id: p.usuario_id ?? null,
          session_id: p.session_id ?? null,
          url: p.url ?? null,
          ip_address: p.ip_address ?? null,
          user_agent: p.user_agent ?? null,
          referrer: p.referrer ?? null,
        },
        flood.has(i) ? 'CLICK_FLOODING' : null,
        metaDe(evento),
      ),
    );
    if (clicksRegistrados.length > 0) await store.registrarClicks(clicksRegistrados);
    agregados.push(...clicksRegistrados);
    resumen.clicks = clicksRegistrados.length;
    resumen.clicksFraude = flood.size;

    // 4. Conversions waiting for one of these clicks, and the streams reverts need.
    const pendientesResueltos = clicksRegistrados.length > 0 ? await store.tomarPendientesDeClicks(clicksRegistrados.map((c) => c.id)) : [];
    const creadasAqui = new Set(pasos.filter((p) => p.tipo === 'conversion').map((p) => (p.payload as RegistrarConversion).id));
    const aCargar = new Set<string>(pendientesResueltos.map((p) => p.conversionId));
    for (const paso of pasos) {
      if (paso.tipo === 'reversion' && !creadasAqui.has(paso.payload.conversion_id)) aCargar.add(paso.payload.conversion_id);
    }
    const conversiones = aCargar.size > 0 ? await store.cargarConversiones([...aCargar]) : new Map<string, Conversion>();
    const tocadas = new Set<Conversion>();
    const aparcar: ConversionPendiente[] = [];

    for (const pendiente of pendientesResueltos) {
      const conversion = conversiones.get(pendiente.conversionId);
      if (!conversion || conversion.estado !== 'REGISTRADA') continue;
      const meta = { correlationId: pendiente.correlationId ?? undefined };
      const otraVez = await evaluarConversion(conversion, this.atribucion, store, { recibidaEn: pendiente.recibidaEn, ahora }, meta);
      if (otraVez) aparcar.push(otraVez);
      tocadas.add(conversion);
    }

    // 5. Conversions and reverts, in arrival order.
    for (const paso of pasos) {
      const meta = metaDe(paso.evento);
      if (paso.tipo === 'conversion') {
        const p = paso.payload;
        if (!esNuevo(p.id)) continue;
        const conversion = Conversion.registrar(
          {
            id: p.id,
            clickId: p.click_id ?? null,
            afiliadoId: p.afiliado_id ?? null,
            campanaId: p.campana_id ?? null,
            tipoConversion: p.tipo_conversion,
            valor: Money.of(p.valor_conversion, p.moneda),
            referenciaExterna: p.referencia_externa ?? null,
            usuarioId: p.usuario_id ?? null,
            timestamp: p.timestamp,
          },
          meta,
        );
        const pendiente = await evaluarConversion(conversion, this.atribucion, store, { recibidaEn: paso.evento.occurredAt, ahora }, meta);
        if (pendiente) aparcar.push(pendiente);
        conversiones.set(p.id, conversion);
        tocadas.add(conversion);
        resumen.conversiones++;
      } else {
        const id = paso.payload.conversion_id;
        const conversion = conversiones.get(id);
        if (!conversion || !conversion.puede('revertir')) {
          resumen.ignorados++;
          this.log.warn(
            { conversion_id: id, estado: conversion?.estado ?? null, event_id: paso.evento.eventId, correlation_id: paso.evento.correlationId },
            'RevertirConversion skipped: the conversion is unknown or not VALIDADA',
          );
          continue;
        }
        conversion.revertir(paso.payload.motivo, meta);
        tocadas.add(conversion);
        resumen.reversiones++;
      }
    }

    if (aparcar.length > 0) await store.aparcar(aparcar);
    resumen.pendientes = aparcar.length;
    agregados.push(...tocadas);
    await store.guardar(agregados);
    return resumen;
  }
}

/** Events caused by a command carry its correlation id, and the command's event id as causation. */
function metaDe(evento: ReceivedEvent): MetaEvento {
  return { correlationId: evento.correlationId ?? undefined, causationId: evento.eventId };
}
