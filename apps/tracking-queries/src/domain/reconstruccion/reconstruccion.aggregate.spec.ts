import { LATIDO_ABANDONO_MS, Reconstruccion } from './reconstruccion.aggregate';

const T = new Date('2025-01-01T12:00:00Z');
const despues = (ms: number) => new Date(T.getTime() + ms);

function nueva(id = 'r1', activo: 'a' | 'b' = 'a', enCurso: Reconstruccion | null = null, ahora = T) {
  return Reconstruccion.solicitar({ id, activo, enCurso, instancia: 'host:1', ahora });
}

describe('Reconstruccion', () => {
  it('rebuilds into the set that is not active', () => {
    expect(nueva('r1', 'a').nueva.destino).toBe('b');
    expect(nueva('r2', 'b').nueva.destino).toBe('a');
    expect(nueva().nueva).toMatchObject({ estado: 'EN_CURSO', fase: 'PREPARANDO' });
  });

  it('refuses a second request while one is running (RECONSTRUCCION.EN_CURSO, a conflict)', () => {
    const { nueva: primera } = nueva('r1');
    expect(() => nueva('r2', 'a', primera, despues(1_000))).toThrow(
      expect.objectContaining({ code: 'RECONSTRUCCION.EN_CURSO', kind: 'conflict' }),
    );
  });

  it('replaces one whose runner stopped reporting, marking it FALLIDA', () => {
    const { nueva: primera } = nueva('r1');
    primera.reproduciendo(despues(1_000));
    const { nueva: segunda, abandonada } = nueva('r2', 'a', primera, despues(1_000 + LATIDO_ABANDONO_MS + 1));
    expect(segunda.estado).toBe('EN_CURSO');
    expect(abandonada).toBe(primera);
    expect(primera.getProps()).toMatchObject({ estado: 'FALLIDA', error: expect.stringContaining('abandonada') });
  });

  it('allows a new one once the previous finished', () => {
    const { nueva: primera } = nueva('r1');
    primera.completar(despues(5));
    expect(nueva('r2', 'b', primera, despues(10)).abandonada).toBeNull();
  });

  it('goes PREPARANDO → REPRODUCIENDO → CONMUTANDO → COMPLETADA, with progress as heartbeat', () => {
    const { nueva: r } = nueva();
    r.reproduciendo(despues(1));
    r.progreso(10, 2, despues(2));
    expect(r.abandonada(despues(2 + LATIDO_ABANDONO_MS))).toBe(false);
    r.conmutando(despues(3));
    expect(r.fase).toBe('CONMUTANDO');
    r.completar(despues(4));
    expect(r.getProps()).toMatchObject({ estado: 'COMPLETADA', fase: 'COMPLETADA', eventosAplicados: 10, eventosOmitidos: 2, terminadaEn: despues(4) });
    expect(() => r.progreso(11, 2, despues(5))).toThrow();
  });

  it('a failure is final and keeps its reason', () => {
    const { nueva: r } = nueva();
    r.fallar('broker unreachable', despues(1));
    r.fallar('otra cosa', despues(2));
    expect(r.getProps()).toMatchObject({ estado: 'FALLIDA', error: 'broker unreachable', terminadaEn: despues(1) });
    expect(() => r.completar(despues(3))).toThrow();
  });
});
