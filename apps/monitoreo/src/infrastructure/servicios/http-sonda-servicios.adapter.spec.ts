import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSondaServiciosAdapter } from './http-sonda-servicios.adapter';

/** A port nothing listens on (fetch refuses some low ports such as 1 outright, as "bad port"). */
async function puertoCerrado(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const TIMEOUT_CORTO_MS = 200;
const LENTO_MS = 5_000;

describe('HttpSondaServiciosAdapter', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/sano/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy","service":"x"}');
      else if (req.url === '/enfermo/health') res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unhealthy"}');
      else if (req.url === '/html/health') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
      else if (req.url === '/lento/health') setTimeout(() => res.writeHead(200).end('{}'), LENTO_MS).unref();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  // A generous timeout for the cases that must answer (a loaded 2-core machine can take over 300 ms on a local
  // fetch); only the timeout case uses a short one, against an endpoint far slower than it.
  const sonda = new HttpSondaServiciosAdapter(3_000);
  const impaciente = new HttpSondaServiciosAdapter(TIMEOUT_CORTO_MS);

  it('is up with the health status and a latency when /health answers 2xx', async () => {
    const estado = await sonda.sondear({ servicio: 'a', url: `${base}/sano/` });
    expect(estado).toMatchObject({ servicio: 'a', url: `${base}/sano/`, up: true, status: 'healthy', error: null });
    expect(estado.latenciaMs).toEqual(expect.any(Number));
  });

  it('is down with the health status when /health answers 503', async () => {
    await expect(sonda.sondear({ servicio: 'b', url: `${base}/enfermo` })).resolves.toMatchObject({
      up: false,
      status: 'unhealthy',
      error: 'GET /health answered 503',
    });
  });

  it('names the HTTP status when the body is not a health answer', async () => {
    await expect(sonda.sondear({ servicio: 'c', url: `${base}/html` })).resolves.toMatchObject({ up: true, status: 'http 200' });
    await expect(sonda.sondear({ servicio: 'd', url: `${base}/nada` })).resolves.toMatchObject({ up: false, status: 'http 404' });
  });

  it('is down, never throwing, when nothing listens or the answer is late', async () => {
    const cerrado = await puertoCerrado();
    await expect(sonda.sondear({ servicio: 'e', url: `http://127.0.0.1:${cerrado}` })).resolves.toMatchObject({
      up: false,
      status: 'unreachable',
      latenciaMs: null,
      error: `fetch failed: connect ECONNREFUSED 127.0.0.1:${cerrado}`,
    });
    await expect(impaciente.sondear({ servicio: 'f', url: `${base}/lento` })).resolves.toMatchObject({
      up: false,
      status: 'timeout',
      error: `no answer within ${TIMEOUT_CORTO_MS} ms`,
    });
  });
});
