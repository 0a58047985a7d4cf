/** A JSON number kept as the text it was written with (`19.99` stays "19.99", never 19.989999…). */
export class NumeroJson {
  constructor(readonly texto: string) {}
}

export type ValorJson = null | boolean | string | NumeroJson | ValorJson[] | { [clave: string]: ValorJson };

const NUMERO = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PROFUNDIDAD_MAXIMA = 256;

/**
 * JSON.parse, but numbers come back as their text (`NumeroJson`) so amounts can be read as exact decimals. Strings
 * are decoded by JSON.parse itself (escapes and all). Throws `SyntaxError` for anything that is not JSON.
 */
export function parsearJsonExacto(texto: string): ValorJson {
  let i = 0;
  const error = (que: string) => new SyntaxError(`${que} at position ${i}`);
  const espacios = () => {
    while (i < texto.length && (texto[i] === ' ' || texto[i] === '\t' || texto[i] === '\n' || texto[i] === '\r')) i++;
  };
  const cadena = (): string => {
    const inicio = i;
    i++;
    while (i < texto.length && texto[i] !== '"') i += texto[i] === '\\' ? 2 : 1;
    if (i >= texto.length) throw error('unterminated string');
    i++;
    return JSON.parse(texto.slice(inicio, i)) as string;
  };
  const literal = <T>(palabra: string, valor: T): T => {
    if (texto.startsWith(palabra, i)) {
      i += palabra.length;
      return valor;
    }
    throw error('unexpected token');
  };
  const valor = (profundidad: number): ValorJson => {
    if (profundidad > PROFUNDIDAD_MAXIMA) throw error('nesting too deep');
    espacios();
    const c = texto[i];
    if (c === '{') {
      i++;
      const objeto: { [clave: string]: ValorJson } = Object.create(null);
      espacios();
      if (texto[i] === '}') {
        i++;
        return objeto;
      }
      for (;;) {
        espacios();
        if (texto[i] !== '"') throw error('expected a property name');
        const clave = cadena();
        espacios();
        if (texto[i] !== ':') throw error("expected ':'");
        i++;
        objeto[clave] = valor(profundidad + 1);
        espacios();
        if (texto[i] === ',') {
          i++;
          continue;
        }
        if (texto[i] === '}') {
          i++;
          return objeto;
        }
        throw error("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const lista: ValorJson[] = [];
      espacios();
      if (texto[i] === ']') {
        i++;
        return lista;
      }
      for (;;) {
        lista.push(valor(profundidad + 1));
        espacios();
        if (texto[i] === ',') {
          i++;
          continue;
        }
        if (texto[i] === ']') {
          i++;
          return lista;
        }
        throw error("expected ',' or ']'");
      }
    }
    if (c === '"') return cadena();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    NUMERO.lastIndex = i;
    const m = NUMERO.exec(texto);
    if (!m) throw error('unexpected token');
    i += m[0].length;
    return new NumeroJson(m[0]);
  };
  // A leading BOM is tolerated, as JSON.parse of a decoded Buffer would see it too.
  if (texto.charCodeAt(0) === 0xfeff) i = 1;
  const resultado = valor(0);
  espacios();
  if (i !== texto.length) throw error('unexpected text after the JSON value');
  return resultado;
}
