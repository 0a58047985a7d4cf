import { NumeroJson, parsearJsonExacto } from './json-exacto';

describe('parsearJsonExacto', () => {
  it('keeps every number as written', () => {
    const v = parsearJsonExacto('{"a":19.99,"b":123456789012.3456,"c":-0.5e-3,"d":[1,2.50]}') as Record<string, unknown>;
    expect(v['a']).toEqual(new NumeroJson('19.99'));
    expect(v['b']).toEqual(new NumeroJson('123456789012.3456'));
    expect(v['c']).toEqual(new NumeroJson('-0.5e-3'));
    expect(v['d']).toEqual([new NumeroJson('1'), new NumeroJson('2.50')]);
  });

  it('reads strings, escapes, literals, nesting and white space like JSON.parse', () => {
    const texto = ' { "s" : "a\\"b\\u00f1\\\\" , "t": true, "f": false, "n": null, "o": {"x": []}, "e": {} } ';
    const v = parsearJsonExacto(texto) as Record<string, unknown>;
    expect({ ...v, o: { ...(v['o'] as object) } }).toEqual({ s: 'a"bñ\\', t: true, f: false, n: null, o: { x: [] }, e: {} });
  });

  it('a "__proto__" key is a plain key, never a prototype', () => {
    const v = parsearJsonExacto('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['', '{', '{"a":}', '{"a":1,}', '[1 2]', '{"a":01}', '{"a":1} x', "{'a':1}", 'tru', '{"a":"b}', '+1', '.5', '1.'])('refuses %j', (texto) => {
    expect(() => parsearJsonExacto(texto)).toThrow(SyntaxError);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parsearJsonExacto('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(/too deep/);
  });
});
