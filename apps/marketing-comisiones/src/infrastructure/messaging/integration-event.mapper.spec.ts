import { Money, type DomainEvent } from '@alpes/seedwork';
import { decodeEvent, encodeEvent, topicOfEvent } from '@alpes/contracts';
import { Campana } from '../../domain/campana/campana.aggregate';
import { Comision } from '../../domain/comision/comision.aggregate';
import { Pago } from '../../domain/pago/pago.aggregate';
import { afiliado } from '../../testing/fakes';
import { AHORA, campana } from '../../testing/builders';
import { aEventoDeIntegracion } from './integration-event.mapper';

/** Every domain event this service raises becomes a contract event that encodes (Avro) and decodes unchanged. */
describe('aEventoDeIntegracion', () => {
  it.each(['campaign', 'commission', 'payout'])('round-trips every %s event through the Avro codec', (grupo) => {
    const eventos = eventosDe(grupo);
    for (const evento of eventos) {
      const integracion = aEventoDeIntegracion(evento);
      expect(topicOfEvent(integracion.eventType)).toBe(grupo === 'campaign' ? 'marketing.eventos' : 'comisiones.eventos');
      const { bytes } = encodeEvent(integracion.eventType, integracion.payload as never, { ...integracion.meta, producer: 'marketing-comisiones' });
      const decoded = decodeEvent(bytes);
      expect(decoded.known).toBe(true);
      expect(decoded.envelope.event_id).toBe(evento.eventId);
      expect(decoded.envelope.aggregate_id).toBe(evento.aggregateId);
      expect(decoded.envelope.correlation_id).toBe(evento.correlationId ?? null);
      expect(decoded.envelope.causation_id).toBe(evento.causationId ?? null);
      expect(Number(decoded.envelope.occurred_at)).toBe(evento.occurredAt.getTime());
      const payload = evento.payload as Record<string, unknown>;
      expect(integracion.meta.key).toBe(grupo === 'campaign' ? evento.aggregateId : payload['afiliado_id']);
    }
  });

  function eventosDe(grupo: string): DomainEvent<object>[] {
    if (grupo === 'campaign') {
      const c = campana({ presupuesto: '100', fechaFin: new Date('2030-01-01T00:00:00Z') });
      const eventos: DomainEvent<object>[] = [];
      c.asignarAfiliado('a2', afiliado('a2'), AHORA);
      c.retirarAfiliado('a2', AHORA);
      c.activar(AHORA, { correlationId: 'corr-1', causationId: 'cause-1' });
      c.consumirPresupuesto(Money.of('100', 'COP'), AHORA); // PresupuestoAgotado + CampanaPausada
      c.devolverPresupuesto(Money.of('1', 'COP'), AHORA);
      c.activar(AHORA);
      c.finalizar(AHORA);
      eventos.push(...c.pullDomainEvents());
      expect(eventos.map((e) => e.eventType)).toEqual([
        'AfiliadoAsignadoACampana',
        'AfiliadoRetiradoDeCampana',
        'CampanaActivada',
        'PresupuestoAgotado',
        'CampanaPausada',
        'CampanaActivada',
        'CampanaFinalizada',
      ]);
      return [...creacion(), ...eventos];
    }
    if (grupo === 'commission') return comisiones();
    return pagos();
  }

  function creacion(): DomainEvent<object>[] {
    const c = Campana.crear({
      id: 'c9',
      nombre: 'n',
      producto: 'p',
      marca: 'm',
      presupuesto: '100.5',
      moneda: 'USD',
      fechaInicio: new Date('2025-01-01T00:00:00Z'),
      fechaFin: null,
      reglas: [
        { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '12.3456' },
        { tipo_evento: 'impresion', modelo: 'CPM', valor: '2.5' },
      ],
      afiliados: [{ id: 'a1', afiliado: afiliado('a1') }],
      huellaCreacion: 'h',
      ahora: AHORA,
    });
    return c.pullDomainEvents();
  }

  function comisiones(): DomainEvent<object>[] {
    const base = {
      afiliadoId: 'a1',
      modelo: 'CPA' as const,
      base: '3',
      porcentaje: null,
      valorConversion: null,
      monedaConversion: null,
      ahora: AHORA,
    };
    const manual = Comision.calcular({ ...base, id: 'k1', tipo: 'MANUAL', conversionId: 'm1', campanaId: null, monto: Money.of('12.5', 'USD') });
    manual.aprobar(AHORA);
    const rechazada = Comision.calcular({ ...base, id: 'k2', tipo: 'CONVERSION', conversionId: 'c2', campanaId: 'c1', monto: Money.of('3', 'USD') });
    rechazada.rechazar('fraude', AHORA);
    const revertida = Comision.calcular({ ...base, id: 'k3', tipo: 'CONVERSION', conversionId: 'c3', campanaId: 'c1', monto: Money.of('3', 'USD') });
    revertida.revertir('reembolso', AHORA, () => 'aj');
    const acc = Comision.nuevoAcumulado({ afiliadoId: 'a1', campanaId: 'c1', modelo: 'CPM', tarifa: Money.of('2.5', 'USD'), periodo: '2025-06-14', ahora: AHORA });
    acc.registrarIncremento(4, acc.montoParaCantidad(4), AHORA);
    acc.publicarAcumulado(AHORA);
    const eventos = [manual, rechazada, revertida, acc].flatMap((c) => c.pullDomainEvents());
    expect(eventos.map((e) => e.eventType)).toEqual([
      'ComisionCalculada',
      'ComisionAprobada',
      'ComisionCalculada',
      'ComisionRechazada',
      'ComisionCalculada',
      'ComisionRevertida',
      'ComisionCalculada',
    ]);
    // A manual commission without campaign travels with campana_id "" (the contract field is a non-null string).
    expect(aEventoDeIntegracion(eventos[0]).payload).toMatchObject({ campana_id: '' });
    return eventos;
  }

  function pagos(): DomainEvent<object>[] {
    const k = Comision.calcular({
      id: 'k1',
      tipo: 'MANUAL',
      conversionId: 'm1',
      afiliadoId: 'a1',
      campanaId: null,
      modelo: 'CPA',
      base: '10',
      porcentaje: null,
      monto: Money.of('10', 'USD'),
      valorConversion: null,
      monedaConversion: null,
      ahora: AHORA,
    });
    k.aprobar(AHORA);
    const ok = Pago.programar({ id: 'p1', afiliadoId: 'a1', moneda: null, pagables: [k], minimo: () => null, ahora: AHORA });
    ok.iniciarEjecucion([k], AHORA);
    ok.registrarExito('ref', [k], AHORA, () => 'x');
    const k2 = Comision.rehidratar('k2', { ...k.getProps(), estado: 'APROBADA', pagoId: null, conversionId: 'm2' }, 1);
    const ko = Pago.programar({ id: 'p2', afiliadoId: 'a1', moneda: null, pagables: [k2], minimo: () => null, ahora: AHORA });
    ko.iniciarEjecucion([k2], AHORA);
    ko.registrarFallo('SIN_FONDOS', [k2], AHORA);
    const eventos = [ok, ko].flatMap((p) => p.pullDomainEvents());
    expect(eventos.map((e) => e.eventType)).toEqual(['PagoProgramado', 'PagoRealizado', 'PagoProgramado', 'PagoFallido']);
    return eventos;
  }
});
