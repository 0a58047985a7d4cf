import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Post, Query, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { BusinessRuleError, ConflictError, Money, NotFoundError, ValidationError } from '@alpes/seedwork';
import { MessagingModule } from '@alpes/messaging';
import {
  auditEvent,
  createServiceApp,
  DatabaseModule,
  HealthModule,
  IsAmount,
  PaginationQueryDto,
  requestContext,
  ServiceEventsModule,
  toPageRequest,
  type ServiceRuntimeOptions,
} from '../src';
import { consumeTestEvents, prepareTestRuntime, type TestRuntime } from '../src/testing';

class ItemDto {
  @IsString() nombre!: string;
  @IsAmount() monto!: number;
}

class CrearDto {
  @IsString() nombre!: string;
  @IsIn(['basico', 'premium']) tipo!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => ItemDto) items?: ItemDto[];
}

class ListarDto extends PaginationQueryDto {
  @IsOptional() @IsIn(['A', 'B']) estado?: string;
}

@Controller('api/v1/pruebas')
class PruebasController {
  @Post()
  crear(@Body() body: CrearDto) {
    const total = (body.items ?? []).reduce((acc, i) => acc.add(Money.of(String(i.monto), 'COP')), Money.zero('COP'));
    return { ...body, total: total.toNumber(), correlation_id: requestContext().correlationId };
  }
  @Get()
  listar(@Query() query: ListarDto) {
    const page = toPageRequest(query);
    return page.toPaginated([], 0);
  }
  @Get(':id')
  obtener(@Param('id', new ParseUUIDPipe()) id: string) {
    throw new NotFoundError('PRUEBA.NO_ENCONTRADA', `prueba ${id} not found`, { details: { id } });
  }
  @Post(':id/conflicto')
  conflicto() {
    throw new ConflictError('PRUEBA.TRANSICION_INVALIDA', 'not from here');
  }
  @Post(':id/regla')
  regla() {
    throw new BusinessRuleError('PRUEBA.REGLA', 'refused');
  }
  @Post(':id/bug')
  bug() {
    throw new Error('secret internals');
  }
  @Post(':id/campo')
  campo() {
    throw new ValidationError('PRUEBA.MONTO_INVALIDO', 'monto has more decimals than COP allows', { field: 'items[0].monto' });
  }
  @Post(':id/accion')
  accion(@Param('id') id: string) {
    return { id };
  }
}

@Module({})
class TestAppModule {
  static forRoot(runtime: ServiceRuntimeOptions): DynamicModule {
    return {
      module: TestAppModule,
      imports: [
        DatabaseModule.forService({ database: 'unused', entities: [], migrations: [], runtime }),
        MessagingModule.forRoot({ app: 'afiliados', resolveTopic: runtime.resolveTopic }),
        HealthModule.forService('afiliados'),
        ServiceEventsModule.forService('afiliados'),
      ],
      controllers: [PruebasController],
    };
  }
}

describe('platform: a service built with createServiceApp (real MariaDB + Pulsar)', () => {
  let runtime: TestRuntime;
  let app: NestExpressApplication;

  beforeAll(async () => {
    runtime = await prepareTestRuntime('afiliados', 'platform');
    app = await createServiceApp(TestAppModule.forRoot(runtime), {
      app: 'afiliados',
      defaultPort: 0,
      title: 'platform test',
      description: 'test',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('GET /health reports database and broker up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'healthy', service: 'afiliados', checks: { database: { status: 'up' }, broker: { status: 'up' } } });
    expect(res.body.outbox.pending).toEqual(expect.any(Number));
  });

  it('validates bodies: field errors, unknown fields, nested paths, wrong types', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/pruebas')
      .send({ nombre: 5, tipo: 'otro', extra: true, items: [{ nombre: 'a', monto: 1.23456 }] })
      .expect(400);
    expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'items[0].monto', 'nombre', 'tipo']);
    expect(res.body.message.join(' ')).toContain('extra');
  });

  it('accepts a valid body, sums money exactly, echoes the correlation id', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/pruebas')
      .set('x-correlation-id', 'corr-123')
      .send({ nombre: 'x', tipo: 'basico', items: [{ nombre: 'a', monto: 0.1 }, { nombre: 'b', monto: 0.2 }] })
      .expect(201);
    expect(res.body.total).toBe(0.3);
    expect(res.body.correlation_id).toBe('corr-123');
    expect(res.headers['x-correlation-id']).toBe('corr-123');
  });

  it.each([
    ['malformed JSON', '{"nombre": ', 400, 'HTTP.JSON_INVALIDO'],
    ['a JSON array', '[1,2]', 400, 'VALIDACION.DATOS_INVALIDOS'],
    ['a JSON string', '"texto"', 400, 'HTTP.JSON_INVALIDO'],
    ['null', 'null', 400, 'HTTP.JSON_INVALIDO'],
  ])('answers %s with a JSON 400, never 500', async (_what, raw, status, code) => {
    const res = await request(app.getHttpServer()).post('/api/v1/pruebas').set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/pruebas')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ nombre: 'x'.repeat(1_100_000), tipo: 'basico' }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('HTTP.CUERPO_DEMASIADO_GRANDE');
  });

  it('maps DomainErrors to 404/409/422 with their code, bad uuids to 400, bugs to a bare 500', async () => {
    const id = '3f0e6d1c-8a4b-4c2d-9e1f-0a1b2c3d4e5f';
    const server = app.getHttpServer();
    expect((await request(server).get(`/api/v1/pruebas/${id}`).expect(404)).body).toMatchObject({ code: 'PRUEBA.NO_ENCONTRADA', error: 'Not Found', details: { id } });
    expect((await request(server).post(`/api/v1/pruebas/${id}/conflicto`).expect(409)).body.code).toBe('PRUEBA.TRANSICION_INVALIDA');
    expect((await request(server).post(`/api/v1/pruebas/${id}/regla`).expect(422)).body.code).toBe('PRUEBA.REGLA');
    await request(server).get('/api/v1/pruebas/not-a-uuid').expect(400);
    const bug = await request(server).post(`/api/v1/pruebas/${id}/bug`).expect(500);
    expect(JSON.stringify(bug.body)).not.toContain('secret');
    await request(server).get('/no/such/route').expect(404);
  });

  it('answers a domain validation error with the field it names', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/pruebas/3f0e6d1c-8a4b-4c2d-9e1f-0a1b2c3d4e5f/campo').expect(400);
    expect(res.body).toMatchObject({ code: 'PRUEBA.MONTO_INVALIDO', errors: [{ field: 'items[0].monto', messages: ['monto has more decimals than COP allows'] }] });
  });

  describe('the edge: what a body, a path and a query may be', () => {
    const post = (raw: string, type = 'application/json') => request(app.getHttpServer()).post('/api/v1/pruebas').set('content-type', type).send(raw);

    it('refuses a lone surrogate anywhere in the body, naming the field', async () => {
      const res = await post('{"nombre":"u\\ud800x","tipo":"basico"}').expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDACION.DATOS_INVALIDOS', errors: [{ field: 'nombre' }] });
    });

    it('refuses an amount a double cannot hold exactly, without echoing an altered value', async () => {
      const res = await post('{"nombre":"x","tipo":"basico","items":[{"nombre":"a","monto":99999999999998.99}]}').expect(400);
      expect(res.body.errors).toEqual([{ field: 'items[0].monto', messages: [expect.stringContaining('significant digits')] }]);
      expect(JSON.stringify(res.body)).not.toContain('98.98');
    });

    it.each(['1e-7', '5e-324'])('refuses %s in a 4-decimals amount with 400, not 500', async (n) => {
      const res = await post(`{"nombre":"x","tipo":"basico","items":[{"nombre":"a","monto":${n}}]}`).expect(400);
      expect(res.body.errors).toEqual([{ field: 'items[0].monto', messages: ['monto must be a number with at most 4 decimals'] }]);
    });

    it('refuses a body nested 2,000 levels with 400 HTTP.JSON_DEMASIADO_PROFUNDO', async () => {
      const res = await post(`{"nombre":${'['.repeat(2000)}${']'.repeat(2000)}}`).expect(400);
      expect(res.body.code).toBe('HTTP.JSON_DEMASIADO_PROFUNDO');
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key with 400 naming it', async (key) => {
      const res = await post(`{"nombre":"x","tipo":"basico","items":[{"nombre":"a","monto":1,"${key}":{"x":1}}]}`).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([`items[0].${key}`]);
    });

    it('answers gzip on a plain body with 400 HTTP.CODIFICACION_INVALIDA, and inflates a real gzip body', async () => {
      const server = app.getHttpServer();
      const plain = await request(server).post('/api/v1/pruebas').set('content-type', 'application/json').set('content-encoding', 'gzip').send('{"nombre":"x","tipo":"basico"}');
      expect(plain.status).toBe(400);
      expect(plain.body.code).toBe('HTTP.CODIFICACION_INVALIDA');
      const zipped = await request(server)
        .post('/api/v1/pruebas')
        .set('content-type', 'application/json')
        .set('content-encoding', 'gzip')
        .serialize((bytes: unknown) => bytes as string)
        .send(gzipSync(Buffer.from('{"nombre":"z","tipo":"basico"}')))
        .expect(201);
      expect(zipped.body.nombre).toBe('z');
      const unknown = await request(server).post('/api/v1/pruebas').set('content-type', 'application/json').set('content-encoding', 'xz').send('{}');
      expect(unknown.status).toBe(415);
    });

    it.each([
      ['text/plain', 'HTTP.TIPO_CONTENIDO_NO_SOPORTADO'],
      ['application/x-www-form-urlencoded', 'HTTP.TIPO_CONTENIDO_NO_SOPORTADO'],
      ['application/json; charset=latin1', 'HTTP.CODIFICACION_NO_SOPORTADA'],
    ])('answers a %s body with 415 %s', async (type, code) => {
      const res = await post('{"nombre":"x","tipo":"basico"}', type).expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', code });
    });

    it('serves a POST without a body, and a vendor +json body', async () => {
      const id = '3f0e6d1c-8a4b-4c2d-9e1f-0a1b2c3d4e5f';
      await request(app.getHttpServer()).post(`/api/v1/pruebas/${id}/accion`).expect(201);
      await post('{"nombre":"x","tipo":"basico"}', 'application/vnd.alpes+json; charset=utf-8').expect(201);
    });

    it('refuses invalid UTF-8 bytes instead of turning them into U+FFFD', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v1/pruebas')
        .set('content-type', 'application/json')
        .serialize((bytes: unknown) => bytes as string)
        .send(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]))
        .expect(400);
      expect(res.body.code).toBe('HTTP.JSON_INVALIDO');
    });

    it('hands a UUID path parameter to the controller lower-cased', async () => {
      const res = await request(app.getHttpServer()).post('/api/v1/pruebas/3F0E6D1C-8A4B-4C2D-9E1F-0A1B2C3D4E5F/accion').expect(201);
      expect(res.body.id).toBe('3f0e6d1c-8a4b-4c2d-9e1f-0a1b2c3d4e5f');
      expect((await request(app.getHttpServer()).post('/api/v1/pruebas/Texto-ID/accion').expect(201)).body.id).toBe('Texto-ID');
    });

    it('answers a path parameter that is not valid percent-encoded UTF-8 with a JSON 400, not 500', async () => {
      // Nest turns the router's URIError into a BadRequestException: the common shape, no lone surrogate can get through.
      for (const raw of ['%E0%A4%A', '%ED%A0%80', '%FF']) {
        const res = await request(app.getHttpServer()).post(`/api/v1/pruebas/${raw}/accion`);
        expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
    });

    it.each(['page=1e3', 'page=0x10', 'page=%205', 'limit=1.0', 'limit=-1'])('refuses the query %s', async (query) => {
      const res = await request(app.getHttpServer()).get(`/api/v1/pruebas?${query}`).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([query.split('=')[0]]);
    });
  });

  it('validates pagination: limit above 100 or page 0 → 400, strings converted explicitly', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/api/v1/pruebas?page=2&limit=5&estado=A').expect(200)).body).toEqual({ items: [], total: 0, page: 2, limit: 5 });
    await request(server).get('/api/v1/pruebas?limit=101').expect(400);
    await request(server).get('/api/v1/pruebas?page=0').expect(400);
    await request(server).get('/api/v1/pruebas?limit=abc').expect(400);
    await request(server).get('/api/v1/pruebas?estado=C').expect(400);
    await request(server).get('/api/v1/pruebas?desconocido=1').expect(400);
  });

  it('serves OpenAPI at /docs-json and the UI at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(res.body.info.title).toBe('platform test');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/pruebas']));
    await request(app.getHttpServer()).get('/docs').expect(200);
  });

  it('announces the start on sistema.eventos through the outbox', async () => {
    const [event] = await consumeTestEvents(runtime.resolveTopic, 'sistema.eventos', (e) => e.eventType === 'ServicioIniciado');
    expect(event.payload).toMatchObject({ servicio: 'afiliados' });
    expect(event.key).toBe('afiliados');
  });

  it('auditEvent builds an AccionRegistrada keyed by the resource', () => {
    const event = auditEvent({ servicio: 'afiliados', accion: 'RegistrarAfiliado', recurso: 'afiliado', recurso_id: 'a-1' });
    expect(event.payload).toMatchObject({ servicio: 'afiliados', actor: 'sistema', resultado: 'OK', recurso_id: 'a-1' });
    expect(event.meta.aggregate_id).toBe('a-1');
  });
});
