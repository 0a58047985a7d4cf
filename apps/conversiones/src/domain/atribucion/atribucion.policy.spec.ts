import { Money } from '@alpes/seedwork';
import { Conversion, type DatosRegistroConversion } from '../conversion/conversion.aggregate';
import type { AfiliadoProyeccion } from '../proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion } from '../proyecciones/campana-proyeccion';
import { AtribucionPolicy, clickNoCorresponde, type ClickAtribuible, type FuentesAtribucion } from './atribucion.policy';

const DIA = 86_400_000;
const T0 = Date.UTC(2026, 3, 1, 12);

class FuentesEnMemoria implements FuentesAtribucion {
  clicks: ClickAtribuible[] = [];
  campanas = new Map<string, CampanaProyeccion>();
  afiliados = new Map<string, AfiliadoProyeccion>();
  referencias = new Set<string>();

  async click(id: string) {
    return this.clicks.find((c) => c.id === id) ?? null;
  }
  async ultimoClickDelUsuario(campanaId: string, usuarioId: string, desde: number, hasta: number) {
    const candidatos = this.clicks
      .filter((c) => c.campanaId === campanaId && c.usuarioId === usuarioId && !c.fraudulento && c.timestamp > desde && c.timestamp <= hasta)
      .sort((a, b) => b.timestamp - a.timestamp);
    return candidatos[0] ?? null;
  }
  async campana(id: string) {
    return this.campanas.get(id) ?? null;
  }
  async afiliado(id: string) {
    return this.afiliados.get(id) ?? null;
  }
  async referenciaUsada(campanaId: string, referencia: string) {
    return this.referencias.has(`${campanaId}|${referencia}`);
  }
}

function fuentes(): FuentesEnMemoria {
  const f = new FuentesEnMemoria();
  f.campanas.set('cam-1', {
    id: 'cam-1',
    estado: 'ACTIVA',
    moneda: 'COP',
    ventanaAtribucionDias: 30,
    fechaInicio: null,
    fechaFin: null,
    afiliados: new Set(['afi-1', 'afi-2']),
  });
  f.afiliados.set('afi-1', { id: 'afi-1', estado: 'ACTIVO' });
  f.afiliados.set('afi-2', { id: 'afi-2', estado: 'ACTIVO' });
  f.clicks.push({ id: 'click-1', campanaId: 'cam-1', afiliadoId: 'afi-1', usuarioId: 'usr-1', timestamp: T0, fraudulento: false });
  return f;
}

function conversion(o: Partial<DatosRegistroConversion> = {}): Conversion {
  return Conversion.registrar({
    id: 'conv-1',
    clickId: 'click-1',
    afiliadoId: null,
    campanaId: null,
    tipoConversion: 'venta',
    valor: Money.of('100', 'COP'),
    referenciaExterna: null,
    usuarioId: 'usr-1',
    timestamp: T0 + DIA,
    ...o,
  });
}

const policy = new AtribucionPolicy(30_000);
const AHORA = { recibidaEn: T0 + DIA, ahora: T0 + DIA };

async function motivo(c: Conversion, f: FuentesAtribucion = fuentes(), momento = AHORA): Promise<string> {
  const d = await policy.decidir(c, f, momento);
  return d.resultado === 'RECHAZAR' ? d.motivo : d.resultado;
}

describe('AtribucionPolicy', () => {
  describe('attribution through a click', () => {
    it("validates and attributes to the click's affiliate and campaign", async () => {
      const d = await policy.decidir(conversion(), fuentes(), AHORA);
      expect(d).toEqual({ resultado: 'VALIDAR', atribucion: { afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: 'click-1' } });
    });

    it('window: exactly ventana_atribucion_dias after the click is inside, one ms later is outside', async () => {
      expect(await motivo(conversion({ timestamp: T0 + 30 * DIA }))).toBe('VALIDAR');
      expect(await motivo(conversion({ timestamp: T0 + 30 * DIA + 1 }))).toBe('CLICK_FUERA_DE_VENTANA');
    });

    it("uses the campaign's own window", async () => {
      const f = fuentes();
      f.campanas.set('cam-1', { ...(f.campanas.get('cam-1') as CampanaProyeccion), ventanaAtribucionDias: 7 });
      expect(await motivo(conversion({ timestamp: T0 + 7 * DIA }), f)).toBe('VALIDAR');
      expect(await motivo(conversion({ timestamp: T0 + 8 * DIA }), f)).toBe('CLICK_FUERA_DE_VENTANA');
    });

    it('a conversion before its click is outside the window', async () => {
      expect(await motivo(conversion({ timestamp: T0 - 1 }))).toBe('CLICK_FUERA_DE_VENTANA');
    });

    it('last click wins: a later click of the same usuario_id in the campaign takes the conversion', async () => {
      const f = fuentes();
      f.clicks.push({ id: 'click-2', campanaId: 'cam-1', afiliadoId: 'afi-2', usuarioId: 'usr-1', timestamp: T0 + 3600_000, fraudulento: false });
      const d = await policy.decidir(conversion(), f, AHORA);
      expect(d).toEqual({ resultado: 'VALIDAR', atribucion: { afiliadoId: 'afi-2', campanaId: 'cam-1', clickId: 'click-2' } });
    });

    it('last click wins ignores clicks after the conversion, of other users, other campaigns, and flagged ones', async () => {
      const f = fuentes();
      f.clicks.push(
        { id: 'after', campanaId: 'cam-1', afiliadoId: 'afi-2', usuarioId: 'usr-1', timestamp: T0 + 2 * DIA, fraudulento: false },
        { id: 'other-user', campanaId: 'cam-1', afiliadoId: 'afi-2', usuarioId: 'usr-2', timestamp: T0 + 1000, fraudulento: false },
        { id: 'other-campaign', campanaId: 'cam-2', afiliadoId: 'afi-2', usuarioId: 'usr-1', timestamp: T0 + 1000, fraudulento: false },
        { id: 'flood', campanaId: 'cam-1', afiliadoId: 'afi-2', usuarioId: 'usr-1', timestamp: T0 + 1000, fraudulento: true },
      );
      const d = await policy.decidir(conversion(), f, AHORA);
      expect(d).toMatchObject({ resultado: 'VALIDAR', atribucion: { clickId: 'click-1', afiliadoId: 'afi-1' } });
    });

    it("falls back to the click's usuario_id when the conversion names none", async () => {
      const f = fuentes();
      f.clicks.push({ id: 'click-2', campanaId: 'cam-1', afiliadoId: 'afi-2', usuarioId: 'usr-1', timestamp: T0 + 10, fraudulento: false });
      const d = await policy.decidir(conversion({ usuarioId: null }), f, AHORA);
      expect(d).toMatchObject({ resultado: 'VALIDAR', atribucion: { clickId: 'click-2' } });
    });

    it('unknown click: waits during the grace period, then CLICK_DESCONOCIDO', async () => {
      const c = conversion({ clickId: 'nope' });
      expect(await motivo(c, fuentes(), { recibidaEn: 1_000, ahora: 1_000 + 29_999 })).toBe('ESPERAR_CLICK');
      expect(await motivo(c, fuentes(), { recibidaEn: 1_000, ahora: 1_000 + 30_000 })).toBe('CLICK_DESCONOCIDO');
    });

    describe('the ids a conversion names must be its click’s (CLICK_NO_CORRESPONDE)', () => {
      it.each([
        [{ campanaId: 'cam-2' }, { campanaId: 'cam-2', afiliadoId: 'afi-1' }],
        [{ afiliadoId: 'afi-2' }, { campanaId: 'cam-1', afiliadoId: 'afi-2' }],
        [{ campanaId: 'cam-2', afiliadoId: 'afi-2' }, { campanaId: 'cam-2', afiliadoId: 'afi-2' }],
      ])('naming %j with a click of cam-1 / afi-1 is refused, recorded against what was named', async (nombrados, registrada) => {
        const f = fuentes();
        f.campanas.set('cam-2', { ...(f.campanas.get('cam-1') as CampanaProyeccion), id: 'cam-2' });
        const d = await policy.decidir(conversion(nombrados), f, AHORA);
        expect(d).toMatchObject({ resultado: 'RECHAZAR', motivo: 'CLICK_NO_CORRESPONDE', atribucion: { ...registrada, clickId: 'click-1' } });
      });

      it('naming the click’s own campaign and affiliate validates', async () => {
        expect(await motivo(conversion({ campanaId: 'cam-1', afiliadoId: 'afi-1' }))).toBe('VALIDAR');
      });

      it('is checked before the flood flag and the campaign state (a mismatch is the client’s error whatever the click)', async () => {
        const f = fuentes();
        f.clicks[0] = { ...f.clicks[0], fraudulento: true };
        f.campanas.set('cam-1', { ...(f.campanas.get('cam-1') as CampanaProyeccion), estado: 'PAUSADA' });
        expect(await motivo(conversion({ campanaId: 'cam-2' }), f)).toBe('CLICK_NO_CORRESPONDE');
      });

      it('clickNoCorresponde names the disagreeing id, and accepts what names nothing', () => {
        const click = { id: 'k', campanaId: 'cam-1', afiliadoId: 'afi-1' };
        expect(clickNoCorresponde({ campanaId: 'cam-9', afiliadoId: null }, click)).toMatch(/campaign cam-1, not to campaign cam-9/);
        expect(clickNoCorresponde({ campanaId: null, afiliadoId: 'afi-9' }, click)).toMatch(/affiliate afi-1, not to affiliate afi-9/);
        expect(clickNoCorresponde({ campanaId: null, afiliadoId: null }, click)).toBeNull();
      });
    });

    it('a flagged (flood) click → CLICK_FLOODING', async () => {
      const f = fuentes();
      f.clicks[0] = { ...f.clicks[0], fraudulento: true };
      expect(await motivo(conversion(), f)).toBe('CLICK_FLOODING');
    });
  });

  describe('direct attribution (afiliado_id + campana_id)', () => {
    const directa = (o: Partial<DatosRegistroConversion> = {}) => conversion({ clickId: null, afiliadoId: 'afi-1', campanaId: 'cam-1', ...o });

    it('validates for the named affiliate and campaign', async () => {
      expect(await policy.decidir(directa(), fuentes(), AHORA)).toEqual({
        resultado: 'VALIDAR',
        atribucion: { afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: null },
      });
    });

    it('unknown or not ACTIVA campaign → CAMPANA_INACTIVA', async () => {
      expect(await motivo(directa({ campanaId: 'nope' }))).toBe('CAMPANA_INACTIVA');
      const f = fuentes();
      f.campanas.set('cam-1', { ...(f.campanas.get('cam-1') as CampanaProyeccion), estado: 'PAUSADA' });
      expect(await motivo(directa(), f)).toBe('CAMPANA_INACTIVA');
    });

    it('a campaign that does not run on the conversion date → CAMPANA_INACTIVA', async () => {
      const f = fuentes();
      f.campanas.set('cam-1', { ...(f.campanas.get('cam-1') as CampanaProyeccion), fechaFin: T0 });
      expect(await motivo(directa(), f)).toBe('CAMPANA_INACTIVA');
    });

    it('affiliate not ACTIVO (or unknown) → AFILIADO_INACTIVO', async () => {
      const f = fuentes();
      f.afiliados.set('afi-1', { id: 'afi-1', estado: 'SUSPENDIDO' });
      expect(await motivo(directa(), f)).toBe('AFILIADO_INACTIVO');
      expect(await motivo(directa({ afiliadoId: 'ghost' }))).toBe('AFILIADO_INACTIVO');
    });

    it('affiliate not assigned → AFILIADO_NO_ASIGNADO', async () => {
      const f = fuentes();
      f.afiliados.set('afi-3', { id: 'afi-3', estado: 'ACTIVO' });
      expect(await motivo(directa({ afiliadoId: 'afi-3' }), f)).toBe('AFILIADO_NO_ASIGNADO');
    });

    it('another currency than the campaign → MONEDA_DISTINTA', async () => {
      expect(await motivo(directa({ valor: Money.of('100', 'USD') }))).toBe('MONEDA_DISTINTA');
    });

    it('referencia_externa already used in the campaign → REFERENCIA_DUPLICADA', async () => {
      const f = fuentes();
      f.referencias.add('cam-1|PED-9');
      expect(await motivo(directa({ referenciaExterna: 'PED-9' }), f)).toBe('REFERENCIA_DUPLICADA');
      expect(await motivo(directa({ referenciaExterna: 'PED-10' }), f)).toBe('VALIDAR');
    });
  });

  describe('states at the conversion’s own time, not at processing time', () => {
    const directa = (o: Partial<DatosRegistroConversion> = {}) => conversion({ clickId: null, afiliadoId: 'afi-1', campanaId: 'cam-1', ...o });
    const VENTA = T0 + DIA;

    it('affiliate suspended AFTER the sale (processed later, while suspended): validated — the sale was earned', async () => {
      const f = fuentes();
      f.afiliados.set('afi-1', { id: 'afi-1', estado: 'SUSPENDIDO', cambios: [{ desde: 0, estado: 'ACTIVO' }, { desde: VENTA + 1, estado: 'SUSPENDIDO' }] });
      expect(await motivo(directa({ timestamp: VENTA }), f, { recibidaEn: VENTA + 5, ahora: VENTA + 10 })).toBe('VALIDAR');
      expect(await motivo(conversion({ timestamp: VENTA }), f, { recibidaEn: VENTA + 5, ahora: VENTA + 10 })).toBe('VALIDAR');
    });

    it('affiliate suspended BEFORE the sale: AFILIADO_INACTIVO, even when reactivated by the time it is processed', async () => {
      const f = fuentes();
      f.afiliados.set('afi-1', {
        id: 'afi-1',
        estado: 'ACTIVO',
        cambios: [{ desde: 0, estado: 'ACTIVO' }, { desde: VENTA - 1, estado: 'SUSPENDIDO' }, { desde: VENTA + 1, estado: 'ACTIVO' }],
      });
      const d = await policy.decidir(directa({ timestamp: VENTA }), f, AHORA);
      expect(d).toMatchObject({ resultado: 'RECHAZAR', motivo: 'AFILIADO_INACTIVO' });
      expect(d.resultado === 'RECHAZAR' && d.detalle).toMatch(/was SUSPENDIDO at/);
    });

    it('a suspension at exactly the sale’s millisecond applies to it', async () => {
      const f = fuentes();
      f.afiliados.set('afi-1', { id: 'afi-1', estado: 'SUSPENDIDO', cambios: [{ desde: 0, estado: 'ACTIVO' }, { desde: VENTA, estado: 'SUSPENDIDO' }] });
      expect(await motivo(directa({ timestamp: VENTA }), f)).toBe('AFILIADO_INACTIVO');
    });

    it('a sale before the affiliate existed (before its first change) is AFILIADO_INACTIVO', async () => {
      const f = fuentes();
      f.afiliados.set('afi-1', { id: 'afi-1', estado: 'ACTIVO', cambios: [{ desde: VENTA + 1, estado: 'PENDIENTE' }, { desde: VENTA + 2, estado: 'ACTIVO' }] });
      expect(await motivo(directa({ timestamp: VENTA }), f)).toBe('AFILIADO_INACTIVO');
    });

    it.each(['PAUSADA', 'FINALIZADA'] as const)('campaign %s after the sale: validated; %s before it: CAMPANA_INACTIVA (direct and through a click)', async (estado) => {
      const base = fuentes().campanas.get('cam-1') as CampanaProyeccion;
      const despues = fuentes();
      despues.campanas.set('cam-1', { ...base, estado, cambios: [{ desde: 0, estado: 'ACTIVA' }, { desde: VENTA + 1, estado }] });
      expect(await motivo(directa({ timestamp: VENTA }), despues)).toBe('VALIDAR');
      expect(await motivo(conversion({ timestamp: VENTA }), despues)).toBe('VALIDAR');
      const antes = fuentes();
      antes.campanas.set('cam-1', { ...base, estado: 'ACTIVA', cambios: [{ desde: 0, estado: 'ACTIVA' }, { desde: VENTA - 1, estado }, { desde: VENTA + 1, estado: 'ACTIVA' }] });
      expect(await motivo(directa({ timestamp: VENTA }), antes)).toBe('CAMPANA_INACTIVA');
      expect(await motivo(conversion({ timestamp: VENTA }), antes)).toBe('CAMPANA_INACTIVA');
    });

    it('a sale before the campaign was activated is CAMPANA_INACTIVA', async () => {
      const f = fuentes();
      const base = f.campanas.get('cam-1') as CampanaProyeccion;
      f.campanas.set('cam-1', { ...base, cambios: [{ desde: VENTA - 10, estado: 'BORRADOR' }, { desde: VENTA + 1, estado: 'ACTIVA' }] });
      expect(await motivo(directa({ timestamp: VENTA }), f)).toBe('CAMPANA_INACTIVA');
    });
  });

  describe('value', () => {
    it.each([
      ['venta', '0', 'VALOR_INVALIDO'],
      ['venta', '-5', 'VALOR_INVALIDO'],
      ['venta', '0.01', 'VALIDAR'],
      ['registro', '0', 'VALIDAR'],
      ['lead', '-1', 'VALOR_INVALIDO'],
    ] as const)('%s of %s → %s', async (tipo, valor, esperado) => {
      expect(await motivo(conversion({ tipoConversion: tipo, valor: Money.of(valor, 'COP') }))).toBe(esperado);
    });
  });

  it('refuses a negative grace period', () => {
    expect(() => new AtribucionPolicy(-1)).toThrow();
  });
});
