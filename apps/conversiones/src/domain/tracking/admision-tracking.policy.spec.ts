import { DomainError } from '@alpes/seedwork';
import type { AfiliadoProyeccion } from '../proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion } from '../proyecciones/campana-proyeccion';
import { verificarAdmisionTracking } from './admision-tracking.policy';

const NOW = Date.UTC(2026, 5, 1);
const campana = (o: Partial<CampanaProyeccion> = {}): CampanaProyeccion => ({
  id: 'cam-1',
  estado: 'ACTIVA',
  moneda: 'COP',
  ventanaAtribucionDias: 30,
  fechaInicio: null,
  fechaFin: null,
  afiliados: new Set(['afi-1']),
  ...o,
});
const afiliado = (o: Partial<AfiliadoProyeccion> = {}): AfiliadoProyeccion => ({ id: 'afi-1', estado: 'ACTIVO', ...o });

function fail(c: CampanaProyeccion | undefined, a: AfiliadoProyeccion | undefined, at = NOW): { code: string; kind: string } | undefined {
  try {
    verificarAdmisionTracking('cam-1', 'afi-1', c, a, at);
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, kind: err.kind };
    throw err;
  }
  return undefined;
}

describe('verificarAdmisionTracking', () => {
  it('admits an ACTIVO affiliate assigned to an ACTIVA campaign', () => {
    expect(fail(campana(), afiliado())).toBeUndefined();
  });

  it('unknown campaign or affiliate → not found (404)', () => {
    expect(fail(undefined, afiliado())).toEqual({ code: 'TRACKING.CAMPANA_DESCONOCIDA', kind: 'not_found' });
    expect(fail(campana(), undefined)).toEqual({ code: 'TRACKING.AFILIADO_DESCONOCIDO', kind: 'not_found' });
  });

  it.each(['BORRADOR', 'PAUSADA', 'FINALIZADA'] as const)('campaign %s → TRACKING.CAMPANA_INACTIVA (422)', (estado) => {
    expect(fail(campana({ estado }), afiliado())).toEqual({ code: 'TRACKING.CAMPANA_INACTIVA', kind: 'business_rule' });
  });

  it('outside the campaign dates → TRACKING.CAMPANA_FUERA_DE_VIGENCIA (422)', () => {
    expect(fail(campana({ fechaInicio: NOW + 1 }), afiliado())?.code).toBe('TRACKING.CAMPANA_FUERA_DE_VIGENCIA');
    expect(fail(campana({ fechaFin: NOW - 1 }), afiliado())?.code).toBe('TRACKING.CAMPANA_FUERA_DE_VIGENCIA');
    expect(fail(campana({ fechaInicio: NOW, fechaFin: NOW }), afiliado())).toBeUndefined();
  });

  it.each(['PENDIENTE', 'SUSPENDIDO'] as const)('affiliate %s → TRACKING.AFILIADO_INACTIVO (422)', (estado) => {
    expect(fail(campana(), afiliado({ estado }))).toEqual({ code: 'TRACKING.AFILIADO_INACTIVO', kind: 'business_rule' });
  });

  it('affiliate not assigned → TRACKING.AFILIADO_NO_ASIGNADO (422)', () => {
    expect(fail(campana({ afiliados: new Set(['otro']) }), afiliado())).toEqual({ code: 'TRACKING.AFILIADO_NO_ASIGNADO', kind: 'business_rule' });
  });
});
