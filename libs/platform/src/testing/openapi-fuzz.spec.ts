import http from 'node:http';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ApiParam, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { configureHttpApp } from '../service/bootstrap';
import { checkQueryValue, formatFuzzReport, fuzzOpenApi, type FuzzReport, type FuzzViolation, type OpenApiDocument } from './openapi-fuzz';
import { bareObject, checkValue, RawNumber, resolveSchema, toJsonText } from './openapi-fuzz-schema';

const oracle = { forbidUnknownProperties: true };

describe('openapi-fuzz oracle', () => {
  const doc: OpenApiDocument = {
    paths: {},
    components: {
      schemas: {
        Config: { type: 'object', properties: { base: { type: 'number', minimum: 0, maximum: 100 }, premium: { type: 'number', nullable: true } }, required: ['base'] },
        Alta: {
          type: 'object',
          properties: {
            nombre: { type: 'string', maxLength: 5 },
            config: { allOf: [{ $ref: '#/components/schemas/Config' }] },
            cuando: { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer', format: 'int64' }] },
          },
          required: ['nombre'],
        },
      },
    },
  };
  const alta = resolveSchema({ $ref: '#/components/schemas/Alta' }, doc);

  it.each([
    ['a valid body', { nombre: 'ana' }, 'valid'],
    ['a missing required field', {}, 'invalid'],
    ['null for a non-nullable optional field', { nombre: 'ana', cuando: null }, 'invalid'],
    ['null where nullable (through allOf + $ref)', { nombre: 'ana', config: { base: 1, premium: null } }, 'valid'],
    ['an unknown field', { nombre: 'ana', extra: 1 }, 'invalid'],
    ['a string over maxLength', { nombre: 'abcdef' }, 'invalid'],
    ['a lone surrogate', { nombre: '\ud800' }, 'invalid'],
    ['a number out of range in a nested object', { nombre: 'ana', config: { base: 101 } }, 'invalid'],
    ['an exponent number in range', { nombre: 'ana', config: { base: new RawNumber('1e-7') } }, 'valid'],
    ['a date-time without zone', { nombre: 'ana', cuando: '2026-01-01T10:00:00' }, 'invalid'],
    ['an int64 epoch', { nombre: 'ana', cuando: 1_700_000_000_000 }, 'valid'],
    ['a fraction where oneOf wants an integer', { nombre: 'ana', cuando: 1.5 }, 'invalid'],
  ])('%s → %s', (_name, value, verdict) => {
    expect(checkValue(alta, value as never, oracle)).toBe(verdict);
  });

  it('an own __proto__ key is an unknown field, written to the wire as such', () => {
    const body = bareObject([['nombre', 'ana'], ['__proto__', bareObject([['x', 1]])]]);
    expect(checkValue(alta, body, oracle)).toBe('invalid');
    expect(toJsonText(body)).toBe('{"nombre":"ana","__proto__":{"x":1}}');
    expect(toJsonText({ v: new RawNumber('99999999999998.99') })).toBe('{"v":99999999999998.99}');
  });

  it.each([
    ['5', 'valid'],
    ['1e3', 'invalid'],
    ['0x10', 'invalid'],
    ['%205', 'invalid'],
    ['-1', 'invalid'],
    ['101', 'invalid'],
    ['1.5', 'invalid'],
  ])('query integer %j → %s', (raw, verdict) => {
    expect(checkQueryValue({ type: 'integer', minimum: 1, maximum: 100 }, [raw], oracle)).toBe(verdict);
  });

  it('a repeated scalar query parameter is refused', () => {
    expect(checkQueryValue({ type: 'string' }, ['a', 'b'], oracle)).toBe('invalid');
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The harness must be able to fail: a Nest app with planted defects.

class NombreDto {
  @ApiProperty({ maxLength: 10 })
  @IsString()
  @MaxLength(10)
  nombre!: string;
}

/** The document says required and at most 10 characters; the code checks neither (a 2xx to a refused body). */
class LaxoDto {
  @ApiProperty({ maxLength: 10 })
  @IsOptional()
  @IsString()
  nombre?: string;
}

/** The document says integer; `@Type(() => Number)` turns `0x10` into 16 and `IsNumber` lets it through. */
class PaginaDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  page?: number;
}

class MontoDto {
  @ApiProperty()
  @IsNumber()
  valor!: number;
}

@Controller()
class PlantadoController {
  /**
   * Echoes the amount through a 32-bit float: the platform's parser keeps every number it accepts exact, so the planted
   * defect is in the handler (12.34 comes back 12.34000015258789).
   */
  @Post('monto')
  @HttpCode(201)
  monto(@Body() body: MontoDto): MontoDto {
    return { valor: Math.fround(body.valor) };
  }

  @Post('eco')
  @HttpCode(200)
  eco(@Body() body: NombreDto): NombreDto {
    if (body.nombre.includes('\u0000')) throw new Error('planted: NUL reaches code that cannot take it');
    return body;
  }

  @Post('laxo')
  @HttpCode(200)
  laxo(@Body() _body: LaxoDto): { ok: true } {
    return { ok: true };
  }

  @Get('items')
  items(@Query() query: PaginaDto): { page: number } {
    return { page: query.page ?? 1 };
  }

  @Get('items/:id')
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  item(@Param('id') id: string): never {
    if (id.length > 1_000) throw new Error('planted: a long id overflows something');
    throw new NotFoundException();
  }
}

describe('openapi-fuzz harness', () => {
  const logLevel = process.env['LOG_LEVEL'];
  beforeAll(() => {
    process.env['LOG_LEVEL'] = 'silent';
  });
  afterAll(() => {
    if (logLevel === undefined) delete process.env['LOG_LEVEL'];
    else process.env['LOG_LEVEL'] = logLevel;
  });

  describe('finds planted defects in a Nest app', () => {
    let app: NestExpressApplication;
    let report: FuzzReport;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ controllers: [PlantadoController] }).compile();
      app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
      configureHttpApp(app, { app: 'afiliados', defaultPort: 0, title: 'plantado', description: 'planted defects' });
      await app.init();
      report = await fuzzOpenApi(app, { seed: 1, runs: 3 });
    }, 60_000);
    afterAll(async () => {
      await app?.close();
    });

    const find = (where: Partial<FuzzViolation>) =>
      report.violations.filter((v) => Object.entries(where).every(([k, value]) => v[k as keyof FuzzViolation] === value));

    it('reports a 500 on some input, with a reproduction', () => {
      const [v] = find({ operation: 'POST /eco', problem: '5xx', label: 'NUL character', target: 'nombre' });
      expect(v).toBeDefined();
      expect(v.status).toBe(500);
      expect(v.reproduction).toContain(`curl -X POST '/eco' -H 'content-type: application/json' --data-binary '{\\"nombre\\":\\"a\\\\u0000b\\"}'`);
    });

    it('reports a 2xx to a body the contract refuses (missing required field, too long)', () => {
      expect(find({ operation: 'POST /laxo', problem: '2xx for a refused request', label: 'absent', target: 'nombre' })).toHaveLength(1);
      expect(find({ operation: 'POST /laxo', problem: '2xx for a refused request', label: 'string of maxLength+1 (11)', target: 'nombre' })).toHaveLength(1);
      expect(find({ operation: 'POST /eco', problem: '2xx for a refused request', label: 'absent' })).toHaveLength(0);
    });

    it('reports a 2xx to a query integer written as 0x10, and a 500 on a long path parameter', () => {
      expect(find({ operation: 'GET /items', problem: '2xx for a refused request', label: 'number "0x10"', target: 'page' })).toHaveLength(1);
      expect(find({ operation: 'GET /items/{id}', problem: '5xx', label: 'very long (3,000 chars)', target: 'id' })).toHaveLength(1);
    });

    it('reports an accepted number that comes back changed', () => {
      const changed = find({ operation: 'POST /monto', target: 'valor' }).filter((v) => v.problem.startsWith('accepted but changed the number'));
      expect(changed.length).toBeGreaterThan(0);
      for (const v of changed) {
        const [, sent, answered] = /\(sent (\S+), answered (\S+)\)/.exec(v.problem) ?? [];
        expect(Number(answered)).not.toBe(Number(sent));
      }
      // The platform refuses what a double cannot hold before the handler runs: that is a 400, not a violation.
      expect(find({ operation: 'POST /monto', label: 'more than 15 significant digits 99999999999998.99' })).toHaveLength(0);
    });

    it('prints every class with its reproduction', () => {
      const text = formatFuzzReport(report);
      expect(text).toContain('✗ 5xx (500) | POST /eco | body-field: NUL character — at nombre');
      expect(text).toContain('✗ 2xx for a refused request (200) | POST /laxo | body-field: absent — at nombre');
    });
  });

  it('reports nothing against a server that keeps the contract (no false alarms)', async () => {
    const server = http.createServer(estricto);
    try {
      const report = await fuzzOpenApi(server, { document: DOCUMENTO_ESTRICTO, seed: 7, runs: 20 });
      expect(formatFuzzReport(report)).toBe('');
      expect(report.operations.map((o) => [o.key, o.baselineStatus])).toEqual([
        ['GET /things', 200],
        ['POST /things', 201],
        ['GET /things/{id}', 404],
      ]);
      expect(report.cases).toBeGreaterThan(250);
    } finally {
      server.close();
    }
  }, 60_000);

  it('reports a service that stops answering, and stops there', async () => {
    const server = http.createServer((req) => req.resume());
    try {
      const report = await fuzzOpenApi(server, { document: DOCUMENTO_ESTRICTO, requestTimeoutMs: 200, runs: 1 });
      expect(report.violations.at(-1)?.problem).toMatch(/stopped answering/);
      expect(report.cases).toBe(3);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------------
// A server written by hand to the letter of its small document.

const DOCUMENTO_ESTRICTO: OpenApiDocument = {
  paths: {
    '/things': {
      get: {
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { name: 'estado', in: 'query', schema: { type: 'string', enum: ['A', 'B'] } },
        ],
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  modo: { type: 'string', enum: ['a', 'b'] },
                  nota: { type: 'string', maxLength: 20 },
                  cantidad: { type: 'integer', minimum: 1, maximum: 10 },
                },
                required: ['modo'],
              },
            },
          },
        },
      },
    },
    '/things/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }] } },
  },
};

function estricto(req: http.IncomingMessage, res: http.ServerResponse): void {
  const answer = (status: number) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: status }));
  };
  const [rawPath, rawQuery = ''] = (req.url ?? '').split('?');
  if (req.method === 'GET' && rawPath === '/things') {
    const pairs = rawQuery === '' ? [] : rawQuery.split('&').map((p) => p.split('='));
    const seen = new Set<string>();
    for (const [k, v = ''] of pairs) {
      let value: string;
      try {
        value = decodeURIComponent(v);
      } catch {
        return answer(400);
      }
      if (seen.has(k)) return answer(400);
      seen.add(k);
      if (k === 'page' && !(/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 100)) return answer(400);
      if (k === 'estado' && value !== 'A' && value !== 'B') return answer(400);
      if (k !== 'page' && k !== 'estado') return answer(400);
    }
    return answer(200);
  }
  const item = /^\/things\/([^/]+)$/.exec(rawPath);
  if (req.method === 'GET' && item) {
    try {
      const id = decodeURIComponent(item[1]);
      return answer(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? 404 : 400);
    } catch {
      return answer(400);
    }
  }
  if (req.method === 'POST' && rawPath === '/things') {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      if (!/^application\/json(;\s*charset=utf-8)?$/i.test(req.headers['content-type'] ?? '')) return answer(415);
      if (req.headers['content-encoding'] && req.headers['content-encoding'] !== 'identity') return answer(415);
      if (size > 1024 * 1024) return answer(413);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer(400);
      const b = body as Record<string, unknown>;
      if (Object.keys(b).some((k) => !['modo', 'nota', 'cantidad'].includes(k))) return answer(400);
      if (b['modo'] !== 'a' && b['modo'] !== 'b') return answer(400);
      if ('nota' in b && !(typeof b['nota'] === 'string' && b['nota'].length <= 20 && !/\p{Surrogate}/u.test(b['nota']))) return answer(400);
      if ('cantidad' in b && !(Number.isInteger(b['cantidad']) && (b['cantidad'] as number) >= 1 && (b['cantidad'] as number) <= 10)) return answer(400);
      return answer(201);
    });
    return;
  }
  answer(404);
}
