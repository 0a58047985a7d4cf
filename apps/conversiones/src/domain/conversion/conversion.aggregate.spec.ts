import { DomainError, Money } from '@alpes/seedwork';
import { Conversion, type DatosRegistroConversion } from './conversion.aggregate';
import { ConversionRechazada, ConversionRegistrada, ConversionRevertida, ConversionValidada } from './events/conversion.events';

const T0 = Date.UTC(2026, 0, 10, 12);

function datos(overrides: Partial<DatosRegistroConversion> = {}): DatosRegistroConversion {
  return {
    id: 'conv-1',
    clickId: 'click-1',
    afiliadoId: null,
    campanaId: null,
    tipoConversion: 'venta',
    valor: Money.of('150000.50', 'COP'),
    referenciaExterna: 'PED-1',
    usuarioId: 'usr-1',
    timestamp: T0,
    ...overrides,
  };
}

const ATRIBUCION = { afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: 'click-1' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return undefined;
}

describe('Conversion (event-sourced aggregate)', () => {
  it('registrar records ConversionRegistrada and starts REGISTRADA', () => {
    const c = Conversion.registrar(datos());
    expect(c.estado).toBe('REGISTRADA');
    expect(c.version).toBe(0);
    const [evento] = c.pullDomainEvents();
    expect(evento).toBeInstanceOf(ConversionRegistrada);
    expect(evento.payload).toEqual({
      id: 'conv-1',
      click_id: 'click-1',
      afiliado_id: null,
      campana_id: null,
      tipo_conversion: 'venta',
      valor: '150000.50',
      moneda: 'COP',
      referencia_externa: 'PED-1',
      usuario_id: 'usr-1',
      timestamp: T0,
    });
  });

  it('REGISTRADA → VALIDADA records the attribution', () => {
    const c = Conversion.registrar(datos());
    c.pullDomainEvents();
    c.validar(ATRIBUCION, { correlationId: 'corr-1' });
    expect(c.estado).toBe('VALIDADA');
    expect(c.afiliadoId).toBe('afi-1');
    expect(c.campanaId).toBe('cam-1');
    const [evento] = c.pullDomainEvents();
    expect(evento).toBeInstanceOf(ConversionValidada);
    expect(evento.correlationId).toBe('corr-1');
    expect(evento.payload).toMatchObject({ conversion_id: 'conv-1', afiliado_id: 'afi-1', campana_id: 'cam-1', valor: '150000.50', referencia_externa: 'PED-1' });
  });

  it('REGISTRADA → RECHAZADA keeps the motivo code and detail', () => {
    const c = Conversion.registrar(datos());
    c.rechazar('CLICK_FUERA_DE_VENTANA', 'too old', ATRIBUCION);
    expect(c.estado).toBe('RECHAZADA');
    expect(c.motivoRechazo).toBe('CLICK_FUERA_DE_VENTANA');
    expect(c.detalleRechazo).toBe('too old');
    const eventos = c.pullDomainEvents();
    expect(eventos[1]).toBeInstanceOf(ConversionRechazada);
    expect(eventos[1].payload).toMatchObject({ motivo: 'CLICK_FUERA_DE_VENTANA', afiliado_id: 'afi-1', campana_id: 'cam-1' });
  });

  it('VALIDADA → REVERTIDA', () => {
    const c = Conversion.registrar(datos());
    c.validar(ATRIBUCION);
    c.revertir('Reembolso');
    expect(c.estado).toBe('REVERTIDA');
    expect(c.motivoReversion).toBe('Reembolso');
    const eventos = c.pullDomainEvents();
    expect(eventos.map((e) => e.eventType)).toEqual(['ConversionRegistrada', 'ConversionValidada', 'ConversionRevertida']);
    expect(eventos[2]).toBeInstanceOf(ConversionRevertida);
    expect(eventos[2].payload).toEqual({ conversion_id: 'conv-1', afiliado_id: 'afi-1', campana_id: 'cam-1', motivo: 'Reembolso', valor: '150000.50', moneda: 'COP' });
  });

  it.each([
    ['revertir a REGISTRADA conversion', (c: Conversion) => c.revertir('x')],
    ['validar twice', (c: Conversion) => (c.validar(ATRIBUCION), c.validar(ATRIBUCION))],
    ['rechazar a VALIDADA conversion', (c: Conversion) => (c.validar(ATRIBUCION), c.rechazar('VALOR_INVALIDO', null))],
    ['validar a RECHAZADA conversion', (c: Conversion) => (c.rechazar('VALOR_INVALIDO', null), c.validar(ATRIBUCION))],
    ['revertir a RECHAZADA conversion', (c: Conversion) => (c.rechazar('VALOR_INVALIDO', null), c.revertir('x'))],
    ['revertir twice', (c: Conversion) => (c.validar(ATRIBUCION), c.revertir('x'), c.revertir('x'))],
    ['validar a REVERTIDA conversion', (c: Conversion) => (c.validar(ATRIBUCION), c.revertir('x'), c.validar(ATRIBUCION))],
  ])('refuses to %s with CONVERSION.TRANSICION_INVALIDA (409)', (_name, act) => {
    const c = Conversion.registrar(datos());
    expect(codeOf(() => act(c))).toBe('CONVERSION.TRANSICION_INVALIDA');
  });

  it('puede() tells which actions the state allows', () => {
    const c = Conversion.registrar(datos());
    expect([c.puede('validar'), c.puede('rechazar'), c.puede('revertir')]).toEqual([true, true, false]);
    c.validar(ATRIBUCION);
    expect([c.puede('validar'), c.puede('rechazar'), c.puede('revertir')]).toEqual([false, false, true]);
  });

  it('desdeHistorial rebuilds state, history and version from the events', () => {
    const original = Conversion.registrar(datos());
    original.validar(ATRIBUCION);
    original.revertir('Reembolso');
    const eventos = original.pullDomainEvents() as never[];
    const rebuilt = Conversion.desdeHistorial('conv-1', eventos);
    expect(rebuilt.version).toBe(3);
    expect(rebuilt.estado).toBe('REVERTIDA');
    expect(rebuilt.valor.equals(Money.of('150000.5', 'COP'))).toBe(true);
    expect(rebuilt.historial.map((h) => [h.evento, h.estado, h.motivo])).toEqual([
      ['ConversionRegistrada', 'REGISTRADA', null],
      ['ConversionValidada', 'VALIDADA', null],
      ['ConversionRevertida', 'REVERTIDA', 'Reembolso'],
    ]);
    expect(rebuilt.pullDomainEvents()).toEqual([]);
  });

  it('desdeHistorial refuses a corrupt stream', () => {
    const c = Conversion.registrar(datos());
    c.rechazar('VALOR_INVALIDO', null);
    const [registrada, rechazada] = c.pullDomainEvents() as [ConversionRegistrada, ConversionRechazada];
    expect(() => Conversion.desdeHistorial('conv-1', [rechazada])).toThrow(/must start with ConversionRegistrada/);
    expect(() => Conversion.desdeHistorial('conv-1', [registrada, registrada])).toThrow(/twice/);
    const revertida = new ConversionRevertida({
      aggregateId: 'conv-1',
      payload: { conversion_id: 'conv-1', afiliado_id: 'a', campana_id: 'c', motivo: 'x', valor: '1', moneda: 'COP' },
    });
    expect(() => Conversion.desdeHistorial('conv-1', [registrada, rechazada, revertida])).toThrow(/cannot follow state RECHAZADA/);
  });
});
