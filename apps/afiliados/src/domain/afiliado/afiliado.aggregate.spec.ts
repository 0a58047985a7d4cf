import { ConflictError } from '@alpes/seedwork';
import { codeOf } from '../../../test/support/domain-error-code';
import { Afiliado } from './afiliado.aggregate';
import { TransicionInvalidaError } from './afiliado.errors';
import { ConfiguracionComisiones } from './value-objects/configuracion-comisiones.value-object';
import { DatosRegistro } from './value-objects/datos-registro.value-object';

const ID = '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b';
const T0 = new Date('2025-01-10T10:00:00.000Z');
const T1 = new Date('2025-01-11T10:00:00.000Z');

function datos(overrides: Partial<Parameters<typeof DatosRegistro.of>[0]> = {}): DatosRegistro {
  return DatosRegistro.of({
    nombre: 'Juan Pérez',
    email: 'Juan@Email.com',
    tipoAfiliado: 'premium',
    comisionBase: 15,
    comisionPremium: 20,
    ...overrides,
  });
}

function registrado(): Afiliado {
  const afiliado = Afiliado.registrar(ID, datos(), T0);
  afiliado.pullEvents();
  return afiliado;
}

function activo(): Afiliado {
  const afiliado = registrado();
  afiliado.activar(T0);
  afiliado.pullEvents();
  return afiliado;
}

function suspendido(): Afiliado {
  const afiliado = activo();
  afiliado.suspender('fraude sospechoso', T0);
  afiliado.pullEvents();
  return afiliado;
}

describe('Afiliado', () => {
  describe('registrar', () => {
    it('starts PENDIENTE, version 0, and records AfiliadoRegistrado with the normalised data', () => {
      const afiliado = Afiliado.registrar(ID, datos(), T0);
      expect(afiliado.estado).toBe('PENDIENTE');
      expect(afiliado.version).toBe(0);
      expect(afiliado.getProps().creadoEn).toEqual(T0);
      const [event, ...rest] = afiliado.pullEvents();
      expect(rest).toHaveLength(0);
      expect(event.eventType).toBe('AfiliadoRegistrado');
      expect(event.aggregateId).toBe(ID);
      expect(event.occurredAt).toEqual(T0);
      expect(event.payload).toEqual({
        id: ID,
        nombre: 'Juan Pérez',
        email: 'juan@email.com',
        tipo_afiliado: 'premium',
        estado: 'PENDIENTE',
        comision_base: '15',
        comision_premium: '20',
        pais: null,
        redes_sociales: [],
      });
    });

    it('refuses an id that is not a lower-case uuid', () => {
      expect(codeOf(() => Afiliado.registrar('af_123', datos(), T0))).toBe('AFILIADO.ID_INVALIDO');
      expect(codeOf(() => Afiliado.registrar(ID.toUpperCase(), datos(), T0))).toBe('AFILIADO.ID_INVALIDO');
    });

    it('remembers the registration request (idempotent retries)', () => {
      const afiliado = Afiliado.registrar(ID, datos(), T0);
      expect(afiliado.fueRegistradoCon(datos({ email: ' juan@email.com ', comisionBase: '15.00' }))).toBe(true);
      expect(afiliado.fueRegistradoCon(datos({ nombre: 'Otro' }))).toBe(false);
    });
  });

  describe('activar', () => {
    it('PENDIENTE → ACTIVO records AfiliadoActivado', () => {
      const afiliado = registrado();
      afiliado.activar(T1);
      expect(afiliado.estado).toBe('ACTIVO');
      expect(afiliado.getProps().actualizadoEn).toEqual(T1);
      const events = afiliado.pullEvents();
      expect(events.map((e) => [e.eventType, e.payload])).toEqual([['AfiliadoActivado', { afiliado_id: ID }]]);
    });

    it.each([
      ['ACTIVO', activo],
      ['SUSPENDIDO', suspendido],
    ])('from %s is a 409 TRANSICION_INVALIDA with desde/hacia, changing nothing', (desde, make) => {
      const afiliado = make();
      let error: unknown;
      try {
        afiliado.activar(T1);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransicionInvalidaError);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as TransicionInvalidaError).code).toBe('AFILIADO.TRANSICION_INVALIDA');
      expect((error as TransicionInvalidaError).details).toEqual({ desde, hacia: 'ACTIVO' });
      expect(afiliado.estado).toBe(desde);
      expect(afiliado.pendingEvents).toHaveLength(0);
    });
  });

  describe('suspender', () => {
    it('ACTIVO → SUSPENDIDO records AfiliadoSuspendido with the trimmed motivo', () => {
      const afiliado = activo();
      afiliado.suspender('  tráfico fraudulento ', T1);
      expect(afiliado.estado).toBe('SUSPENDIDO');
      expect(afiliado.getProps().motivoSuspension).toBe('tráfico fraudulento');
      expect(afiliado.pullEvents().map((e) => [e.eventType, e.payload])).toEqual([
        ['AfiliadoSuspendido', { afiliado_id: ID, motivo: 'tráfico fraudulento' }],
      ]);
    });

    it.each([[''], ['   '], [undefined], [null], [42]])('needs a non-empty motivo (%j)', (motivo) => {
      const afiliado = activo();
      expect(codeOf(() => afiliado.suspender(motivo))).toBe('AFILIADO.MOTIVO_REQUERIDO');
      expect(afiliado.estado).toBe('ACTIVO');
      expect(afiliado.pendingEvents).toHaveLength(0);
    });

    it('refuses a motivo longer than 500 characters', () => {
      expect(codeOf(() => activo().suspender('x'.repeat(501)))).toBe('AFILIADO.MOTIVO_REQUERIDO');
      expect(codeOf(() => activo().suspender('x'.repeat(500)))).toBeUndefined();
    });

    it.each([
      ['PENDIENTE', registrado],
      ['SUSPENDIDO', suspendido],
    ])('from %s is TRANSICION_INVALIDA', (desde, make) => {
      const afiliado = make();
      expect(codeOf(() => afiliado.suspender('motivo'))).toBe('AFILIADO.TRANSICION_INVALIDA');
      expect(afiliado.estado).toBe(desde);
    });
  });

  describe('reactivar', () => {
    it('SUSPENDIDO → ACTIVO records AfiliadoReactivado and clears the motivo', () => {
      const afiliado = suspendido();
      afiliado.reactivar(T1);
      expect(afiliado.estado).toBe('ACTIVO');
      expect(afiliado.getProps().motivoSuspension).toBeNull();
      expect(afiliado.pullEvents().map((e) => e.eventType)).toEqual(['AfiliadoReactivado']);
    });

    it('can go round ACTIVO ⇄ SUSPENDIDO several times', () => {
      const afiliado = activo();
      for (let i = 0; i < 3; i++) {
        afiliado.suspender(`motivo ${i}`);
        afiliado.reactivar();
      }
      expect(afiliado.estado).toBe('ACTIVO');
      expect(afiliado.pullEvents().map((e) => e.eventType)).toEqual([
        'AfiliadoSuspendido',
        'AfiliadoReactivado',
        'AfiliadoSuspendido',
        'AfiliadoReactivado',
        'AfiliadoSuspendido',
        'AfiliadoReactivado',
      ]);
    });

    it.each([
      ['PENDIENTE', registrado],
      ['ACTIVO', activo],
    ])('from %s is TRANSICION_INVALIDA', (_desde, make) => {
      expect(codeOf(() => make().reactivar())).toBe('AFILIADO.TRANSICION_INVALIDA');
    });
  });

  describe('actualizarConfiguracionComisiones', () => {
    it.each([
      ['PENDIENTE', registrado],
      ['ACTIVO', activo],
      ['SUSPENDIDO', suspendido],
    ])('works in %s and records ConfiguracionComisionesActualizada', (estado, make) => {
      const afiliado = make();
      const cambio = afiliado.actualizarConfiguracionComisiones(
        ConfiguracionComisiones.of({ comisionBase: '12.5' }),
        T1,
      );
      expect(cambio).toBe(true);
      expect(afiliado.estado).toBe(estado);
      expect(afiliado.configuracionComisiones.comisionPremium).toBeNull();
      expect(afiliado.pullEvents().map((e) => [e.eventType, e.payload])).toEqual([
        ['ConfiguracionComisionesActualizada', { afiliado_id: ID, comision_base: '12.5', comision_premium: null }],
      ]);
    });

    it('records nothing when the configuration does not change', () => {
      const afiliado = registrado();
      const cambio = afiliado.actualizarConfiguracionComisiones(
        ConfiguracionComisiones.of({ comisionBase: '15.0000', comisionPremium: 20 }),
        T1,
      );
      expect(cambio).toBe(false);
      expect(afiliado.pendingEvents).toHaveLength(0);
      expect(afiliado.getProps().actualizadoEn).toEqual(T0);
    });
  });

  it('restore rebuilds a stored afiliado with its version and no events', () => {
    const original = suspendido();
    const copia = Afiliado.restore(ID, original.getProps(), 3);
    expect(copia.version).toBe(3);
    expect(copia.estado).toBe('SUSPENDIDO');
    expect(copia.pendingEvents).toHaveLength(0);
    copia.reactivar();
    expect(copia.estado).toBe('ACTIVO');
  });
});
