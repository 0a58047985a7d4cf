/**
 * The end-to-end suite's HTTP client: JSON in and out over keep-alive connections, raw bodies for malformed-input
 * checks, a timeout on every call, and connection errors answered as status 0 (so callers can retry them) instead of
 * exceptions.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  /** HTTP status; 0 when the connection failed or timed out (see `error`). */
  readonly status: number;
  // The services answer JSON whose shape each check asserts itself.
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly text: string;
  readonly ms: number;
  readonly error?: string;
  readonly contentType?: string;
}

export interface RequestOptions {
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent verbatim (malformed JSON, oversized bodies) with `content-type: application/json` unless overridden. */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

export function request(method: string, url: string, options: RequestOptions = {}): Promise<Reply> {
  const started = Date.now();
  const payload =
    options.raw !== undefined ? Buffer.from(options.raw) : options.json !== undefined ? Buffer.from(JSON.stringify(options.json)) : undefined;
  const headers: Record<string, string | number> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (payload) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (reply: Reply) => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    const req = http.request(url, { method, agent, headers, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ status: 0, body: undefined, text: '', ms: Date.now() - started, error: e.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: keep the text */
        }
        done({ status: res.statusCode ?? 0, body, text, ms: Date.now() - started, contentType: res.headers['content-type'] });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', (e) => done({ status: 0, body: undefined, text: '', ms: Date.now() - started, error: e.message }));
    if (payload) req.write(payload);
    req.end();
  });
}

export const get = (url: string, options?: RequestOptions) => request('GET', url, options);
export const post = (url: string, json?: unknown, options?: RequestOptions) => request('POST', url, { ...options, json });
export const put = (url: string, json?: unknown, options?: RequestOptions) => request('PUT', url, { ...options, json });

/** A short description of a reply for reports and errors. */
export function describe(reply: Reply): string {
  if (reply.status === 0) return `no answer (${reply.error ?? 'connection failed'})`;
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return `HTTP ${reply.status} ${(text ?? '').slice(0, 400)}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Closes idle keep-alive sockets so the process can exit. */
export function closeHttp(): void {
  agent.destroy();
}
