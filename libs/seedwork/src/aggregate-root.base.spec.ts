import { AggregateRoot } from './aggregate-root.base';
import { DomainEvent } from './domain-event.base';

class ComisionCalculada extends DomainEvent<{ monto: string; moneda: string }> {
  readonly eventType = 'ComisionCalculada';

  constructor(aggregateId: string, monto: string) {
    super({ aggregateId, payload: { monto, moneda: 'USD' } });
  }
}

class ComisionAprobada extends DomainEvent<{ aprobadaPor: string }> {
  readonly eventType = 'ComisionAprobada';

  constructor(aggregateId: string, aprobadaPor: string) {
    super({ aggregateId, payload: { aprobadaPor } });
  }
}

interface ComisionProps {
  estado: 'CALCULADA' | 'APROBADA';
}

class Comision extends AggregateRoot<ComisionProps> {
  static calcular(id: string): Comision {
    const comision = new Comision({ id, props: { estado: 'CALCULADA' } });
    comision.addEvent(new ComisionCalculada(id, '10.00'));
    return comision;
  }

  static rehydrate(id: string, version: number): Comision {
    return new Comision({ id, props: { estado: 'CALCULADA' }, version });
  }

  aprobar(por: string): void {
    this.props.estado = 'APROBADA';
    this.addEvent(new ComisionAprobada(this.id, por));
  }

  recordForeignEvent(): void {
    this.addEvent(new ComisionAprobada('otro-id', 'x'));
  }
}

describe('AggregateRoot', () => {
  it('records events in order and pullDomainEvents returns them once', () => {
    const comision = Comision.calcular('c-1');
    comision.aprobar('admin');

    const events = comision.pullDomainEvents();
    expect(events.map((e) => e.eventType)).toEqual(['ComisionCalculada', 'ComisionAprobada']);
    expect(events[1].payload).toEqual({ aprobadaPor: 'admin' });
    expect(events.every((e) => e.aggregateId === 'c-1')).toBe(true);

    expect(comision.pullDomainEvents()).toEqual([]);
    expect(comision.pendingEvents).toEqual([]);
  });

  it('keeps recording after a pull, and a pulled list is not affected by later events', () => {
    const comision = Comision.calcular('c-1');
    const first = comision.pullDomainEvents();
    comision.aprobar('admin');
    expect(first).toHaveLength(1);
    expect(comision.pullDomainEvents().map((e) => e.eventType)).toEqual(['ComisionAprobada']);
  });

  it('pendingEvents is a read-only view that does not clear', () => {
    const comision = Comision.calcular('c-1');
    (comision.pendingEvents as DomainEvent<object>[]).length = 0;
    expect(comision.pendingEvents).toHaveLength(1);
    expect(comision.pullDomainEvents()).toHaveLength(1);
  });

  it('refuses an event that belongs to another aggregate', () => {
    const comision = Comision.calcular('c-1');
    expect(() => comision.recordForeignEvent()).toThrow(/cannot record ComisionAprobada for aggregate otro-id/);
  });

  it('tracks the persisted version for optimistic concurrency', () => {
    expect(Comision.calcular('c-1').version).toBe(0);
    const comision = Comision.rehydrate('c-1', 4);
    expect(comision.version).toBe(4);
    comision.markPersisted(5);
    expect(comision.version).toBe(5);
    expect(() => comision.markPersisted(3)).toThrow(/cannot go back/);
    expect(() => Comision.rehydrate('c-1', -1)).toThrow(/non-negative integer/);
    expect(() => Comision.rehydrate('c-1', 1.5)).toThrow(/non-negative integer/);
  });
});

describe('DomainEvent', () => {
  it('gets a uuid, a timestamp and a frozen copy of its payload', () => {
    const before = Date.now();
    const payload = { monto: '10.00', moneda: 'USD' };
    const event = new (class extends DomainEvent<typeof payload> {
      readonly eventType = 'Prueba';
    })({ aggregateId: 'a-1', payload, correlationId: 'corr-1' });
    payload.monto = '99.00';

    expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.occurredAt).toBeInstanceOf(Date);
    expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(event.payload).toEqual({ monto: '10.00', moneda: 'USD' });
    expect(Object.isFrozen(event.payload)).toBe(true);
    expect(event.correlationId).toBe('corr-1');
    expect(event.eventType).toBe('Prueba');
  });

  it('gives each event its own id, and keeps given ones when rehydrating', () => {
    expect(new ComisionAprobada('a', 'x').eventId).not.toBe(new ComisionAprobada('a', 'x').eventId);
    const occurredAt = new Date('2024-01-02T03:04:05Z');
    const event = new (class extends DomainEvent {
      readonly eventType = 'Prueba';
    })({ aggregateId: 'a-1', payload: {}, eventId: 'e-1', occurredAt });
    expect(event.eventId).toBe('e-1');
    expect(event.occurredAt.toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });
});
