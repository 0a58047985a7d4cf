import { codeOf } from '../../../../test/support/domain-error-code';
import { DatosRegistro, DatosRegistroInput } from './datos-registro.value-object';

const base: DatosRegistroInput = { nombre: 'Juan Pérez', email: 'juan@email.com', tipoAfiliado: 'premium' };

describe('DatosRegistro', () => {
  it('normalises nombre, email, pais and redes_sociales', () => {
    const datos = DatosRegistro.of({
      ...base,
      nombre: '  Juan Pérez ',
      email: ' JUAN@Email.com',
      pais: ' co ',
      redesSociales: [' @juanp ', 'https://instagram.com/juanp'],
    });
    expect(datos.nombre).toBe('Juan Pérez');
    expect(datos.email.value).toBe('juan@email.com');
    expect(datos.pais).toBe('CO');
    expect(datos.redesSociales).toEqual(['@juanp', 'https://instagram.com/juanp']);
    expect(datos.configuracionComisiones.comisionBase.toString()).toBe('10');
  });

  it('gives equal requests the same huella, whatever their spelling', () => {
    const a = DatosRegistro.of({ ...base, comisionBase: 15, comisionPremium: 20 });
    const b = DatosRegistro.of({ ...base, email: ' Juan@EMAIL.com ', comisionBase: '15.0', comisionPremium: '20.0000' });
    expect(a.huella).toMatch(/^[0-9a-f]{64}$/);
    expect(b.huella).toBe(a.huella);
  });

  it('gives different requests different huellas', () => {
    const a = DatosRegistro.of(base).huella;
    expect(DatosRegistro.of({ ...base, nombre: 'Juan Perez' }).huella).not.toBe(a);
    expect(DatosRegistro.of({ ...base, tipoAfiliado: 'basico' }).huella).not.toBe(a);
    expect(DatosRegistro.of({ ...base, comisionBase: 11 }).huella).not.toBe(a);
    expect(DatosRegistro.of({ ...base, pais: 'MX' }).huella).not.toBe(a);
  });

  it.each([
    [{ nombre: '' }, 'AFILIADO.NOMBRE_INVALIDO'],
    [{ nombre: '   ' }, 'AFILIADO.NOMBRE_INVALIDO'],
    [{ nombre: 'x'.repeat(201) }, 'AFILIADO.NOMBRE_INVALIDO'],
    [{ nombre: 'Juan\u0000' }, 'AFILIADO.NOMBRE_INVALIDO'],
    [{ nombre: 7 }, 'AFILIADO.NOMBRE_INVALIDO'],
    [{ email: 'no-es-email' }, 'AFILIADO.EMAIL_INVALIDO'],
    [{ tipoAfiliado: 'PREMIUM' }, 'AFILIADO.TIPO_INVALIDO'],
    [{ tipoAfiliado: 'gold' }, 'AFILIADO.TIPO_INVALIDO'],
    [{ pais: 'COL' }, 'AFILIADO.PAIS_INVALIDO'],
    [{ pais: '1A' }, 'AFILIADO.PAIS_INVALIDO'],
    [{ redesSociales: [''] }, 'AFILIADO.REDES_SOCIALES_INVALIDAS'],
    [{ redesSociales: Array.from({ length: 21 }, (_, i) => `@r${i}`) }, 'AFILIADO.REDES_SOCIALES_INVALIDAS'],
    [{ comisionBase: 150 }, 'AFILIADO.COMISION_INVALIDA'],
  ])('refuses %j with %s', (override, code) => {
    expect(codeOf(() => DatosRegistro.of({ ...base, ...override } as DatosRegistroInput))).toBe(code);
  });
});
