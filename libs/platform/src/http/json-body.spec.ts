import fc from 'fast-check';
import { isWellFormedString } from '@alpes/contracts';
import { MAX_JSON_DEPTH, parseJsonBody, RequestBodyError, scanJsonStructure } from './json-body';

function refusal(text: string): RequestBodyError {
  try {
    parseJsonBody(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestBodyError);
    return error as RequestBodyError;
  }
  throw new Error(`accepted ${text}`);
}

describe('parseJsonBody', () => {
  it('parses what JSON.parse parses, numbers included', () => {
    const text = '{"a":1,"b":[0.1,-2.5e3,1e-7,0],"c":{"d":"x\\u00e9😀\\ufffd\\u0000"},"e":null,"f":true,"g":123456789012345}';
    expect(parseJsonBody(text)).toEqual(JSON.parse(text));
    expect(parseJsonBody('[1,2]')).toEqual([1, 2]);
    expect(parseJsonBody('')).toEqual({});
  });

  it.each(['99999999999998.99', '12345678901234567890', '0.12345678901234567891', '9007199254740993'])(
    'refuses %s, which a double would change, naming the field and not echoing an altered value',
    (n) => {
      const e = refusal(`{"items":[{"monto":${n}}]}`);
      expect(e.status).toBe(400);
      expect(e.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(e.errors).toEqual([{ field: 'items[0].monto', messages: [expect.stringContaining('significant digits')] }]);
      expect(JSON.stringify(e.errors)).not.toMatch(/\d{6}/);
    },
  );

  it.each(['1e400', '-1e400', '1e-400'])('refuses %s, outside the range of doubles', (n) => {
    expect(refusal(`{"v":${n}}`).errors).toEqual([{ field: 'v', messages: ['v is outside the range of numbers that can be represented'] }]);
  });

  it('keeps numbers that a double holds as written (trailing zeros, exponents)', () => {
    expect(parseJsonBody('{"a":99999999999998.9,"b":1.10,"c":5e-324,"d":-0}')).toEqual({ a: 99999999999998.9, b: 1.1, c: 5e-324, d: -0 });
  });

  it('refuses strings and keys with a lone surrogate, naming the field', () => {
    const e = refusal('{"usuario_id":"u\\ud800x","items":[{"\\udc00k":"v"}],"ok":"😀"}');
    expect(e.code).toBe('VALIDACION.DATOS_INVALIDOS');
    expect(e.errors?.map((x) => x.field)).toEqual(['usuario_id', 'items[0].\ufffdk']);
  });

  it.each([
    ['{"__proto__":{"admin":true}}', '__proto__'],
    ['{"__proto__":1}', '__proto__'],
    ['{"a":{"b":[1,{"constructor":{}}]}}', 'a.b[1].constructor'],
    ['{"x":[{"prototype":null}]}', 'x[0].prototype'],
    ['{"\\u005f_proto__":{}}', '__proto__'],
  ])('refuses the reserved key in %s as %s', (text, field) => {
    const e = refusal(text);
    expect(e.status).toBe(400);
    expect(e.errors?.map((x) => x.field)).toEqual([field]);
  });

  it('refuses nesting deeper than the limit with HTTP.JSON_DEMASIADO_PROFUNDO, even 100 000 levels', () => {
    expect(parseJsonBody(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeDefined();
    for (const depth of [MAX_JSON_DEPTH + 1, 2000, 100_000]) {
      const e = refusal(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expect(e.code).toBe('HTTP.JSON_DEMASIADO_PROFUNDO');
      expect(e.status).toBe(400);
    }
  });

  it.each(['{"a":', '"texto"', '42', 'null', '{"a":1,"a":2}', '{"a":01}', "{'a':1}", '   '])('refuses %j as HTTP.JSON_INVALIDO', (text) => {
    const e = refusal(text);
    expect(e.status).toBe(400);
    expect(e.code).toBe('HTTP.JSON_INVALIDO');
  });

  it('accepts a repeated key with the same value, like JSON.parse', () => {
    expect(parseJsonBody('{"a":1,"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('{"":1,"":1}')).toEqual({ '': 1 });
    expect(refusal('{"":1,"":2}').code).toBe('HTTP.JSON_INVALIDO');
  });

  it('gives what JSON.parse gives for any JSON whose numbers a double holds (the native fast path and the exact parser agree)', () => {
    const key = fc.string().filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k) && isWellFormedString(k));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('any'), { maxLength: 4 }), fc.dictionary(key, tie('any'), { maxKeys: 4 })),
      leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string().filter(isWellFormedString)),
    })).any;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (body) => {
        const text = JSON.stringify(body);
        expect(parseJsonBody(text)).toEqual(JSON.parse(text));
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('scanJsonStructure', () => {
  it('is not fooled by brackets and quotes inside strings', () => {
    expect(scanJsonStructure(`{"a":"${'['.repeat(100)}\\"{"}`, 2)).toEqual({ tooDeep: false, forbiddenKeys: [], needsExactParse: false });
    expect(scanJsonStructure('{"a":"constructor","b":["__proto__"]}').forbiddenKeys).toEqual([]);
  });
});
