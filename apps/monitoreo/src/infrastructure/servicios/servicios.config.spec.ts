import { parsearServicios, serviciosPorDefecto } from './servicios.config';

describe('MONITOREO_SERVICIOS', () => {
  it('defaults to the five apps on 127.0.0.1:8001…8005 (monitoreo on its PORT when set)', () => {
    expect(parsearServicios(undefined, () => serviciosPorDefecto())).toEqual([
      { servicio: 'afiliados', url: 'http://127.0.0.1:8001' },
      { servicio: 'conversiones', url: 'http://127.0.0.1:8002' },
      { servicio: 'marketing-comisiones', url: 'http://127.0.0.1:8003' },
      { servicio: 'tracking-queries', url: 'http://127.0.0.1:8004' },
      { servicio: 'monitoreo', url: 'http://127.0.0.1:8005' },
    ]);
    expect(serviciosPorDefecto('9005').at(-1)).toEqual({ servicio: 'monitoreo', url: 'http://127.0.0.1:9005' });
  });

  it('reads name=url pairs separated by commas or spaces, trimming trailing slashes', () => {
    expect(parsearServicios(' afiliados=http://10.0.0.5:8001/, conversiones=https://conv.internal \n x=http://h:1', () => [])).toEqual([
      { servicio: 'afiliados', url: 'http://10.0.0.5:8001' },
      { servicio: 'conversiones', url: 'https://conv.internal' },
      { servicio: 'x', url: 'http://h:1' },
    ]);
  });

  it('probes nothing when set but empty', () => {
    expect(parsearServicios('', () => serviciosPorDefecto())).toEqual([]);
  });

  it('refuses a malformed entry, naming it', () => {
    expect(() => parsearServicios('afiliados=http://a:1,conversiones', () => [])).toThrow('MONITOREO_SERVICIOS: "conversiones" is not');
    expect(() => parsearServicios('afiliados=127.0.0.1:8001', () => [])).toThrow('"afiliados=127.0.0.1:8001"');
    expect(() => parsearServicios('=http://a:1', () => [])).toThrow('"=http://a:1"');
  });
});
