import { decodeEvent, encodeEvent, isEvent } from '@alpes/contracts';
import { Afiliado } from '../../domain/afiliado/afiliado.aggregate';
import { ConfiguracionComisiones } from '../../domain/afiliado/value-objects/configuracion-comisiones.value-object';
import { DatosRegistro } from '../../domain/afiliado/value-objects/datos-registro.value-object';
import { AfiliadoMapper } from './afiliado.mapper';
import { AfiliadoOrmEntity } from './afiliado.orm-entity';

const ID = '7d9e8f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a';

function roundTrip(event: ReturnType<typeof AfiliadoMapper.toIntegrationEvent>) {
  const { key, ...meta } = event.meta;
  const { bytes } = encodeEvent(event.eventType, event.payload as never, { ...meta, producer: 'afiliados' });
  return { key, decoded: decodeEvent(bytes) };
}

describe('AfiliadoMapper', () => {
  it('maps every domain event to a contract event that encodes (Avro), keyed by the afiliado id', () => {
    const afiliado = Afiliado.registrar(
      ID,
      DatosRegistro.of({
        nombre: 'Ana',
        email: 'ana@email.com',
        tipoAfiliado: 'premium',
        comisionBase: '12.5',
        comisionPremium: 20,
        pais: 'AR',
        redesSociales: ['@ana'],
      }),
    );
    afiliado.activar();
    afiliado.suspender('revisión');
    afiliado.reactivar();
    afiliado.actualizarConfiguracionComisiones(ConfiguracionComisiones.of({ comisionBase: '0.0001' }));
    const domainEvents = afiliado.pullEvents();

    const decoded = domainEvents.map((e) => roundTrip(AfiliadoMapper.toIntegrationEvent(e, 'corr-9')));
    expect(decoded.map((d) => d.key)).toEqual([ID, ID, ID, ID, ID]);
    expect(decoded.map((d) => d.decoded.envelope.event_id)).toEqual(domainEvents.map((e) => e.eventId));
    expect(decoded.every((d) => d.decoded.envelope.correlation_id === 'corr-9')).toBe(true);

    const [registrado, , suspendido, , configuracion] = decoded.map((d) => d.decoded);
    if (!isEvent(registrado, 'AfiliadoRegistrado')) throw new Error('expected AfiliadoRegistrado');
    expect(registrado.payload).toEqual({
      id: ID,
      nombre: 'Ana',
      email: 'ana@email.com',
      tipo_afiliado: 'premium',
      estado: 'PENDIENTE',
      configuracion_comisiones: { comision_base: '12.5000', comision_premium: '20.0000' },
      pais: 'AR',
      redes_sociales: ['@ana'],
    });
    expect(isEvent(suspendido, 'AfiliadoSuspendido') && suspendido.payload.motivo).toBe('revisión');
    expect(isEvent(configuracion, 'ConfiguracionComisionesActualizada') && configuracion.payload).toEqual({
      afiliado_id: ID,
      comision_base: '0.0001',
      comision_premium: null,
    });
  });

  it('row ⇄ aggregate keeps every field and the version', () => {
    const afiliado = Afiliado.registrar(
      ID,
      DatosRegistro.of({ nombre: 'Ana', email: 'ana@email.com', tipoAfiliado: 'influencer', comisionBase: 7 }),
    );
    afiliado.activar();
    afiliado.suspender('motivo');
    const row = AfiliadoMapper.toPersistence(afiliado, 5);
    expect(row).toMatchObject({ comisionBase: '7', comisionPremium: null, estado: 'SUSPENDIDO', motivoSuspension: 'motivo', version: 5 });
    // What MariaDB hands back: DECIMAL as a padded string.
    const stored = Object.assign(new AfiliadoOrmEntity(), row, { comisionBase: '7.0000' });
    const back = AfiliadoMapper.toDomain(stored);
    expect(back.version).toBe(5);
    expect(back.getProps()).toEqual(afiliado.getProps());
  });

  it('refuses a row with an estado the domain does not know', () => {
    const afiliado = Afiliado.registrar(ID, DatosRegistro.of({ nombre: 'Ana', email: 'ana@email.com', tipoAfiliado: 'basico' }));
    const row = Object.assign(AfiliadoMapper.toPersistence(afiliado, 1), { estado: 'BORRADO' });
    expect(() => AfiliadoMapper.toDomain(row)).toThrow(/unknown estado/);
  });
});
