import { backoffDelay, ReconnectBackoff } from './backoff';
import { topicPath, webSocketBaseUrl } from './topic-path';

describe('backoffDelay (exponential with equal jitter)', () => {
  const opts = { initialDelayMs: 100, maxDelayMs: 10_000 };

  it('doubles per attempt, never below half of the exponential step, never above it', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const step = Math.min(10_000, 100 * 2 ** attempt);
      expect(backoffDelay(attempt, opts, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempt, opts, () => 0.999999)).toBe(Math.round(step / 2 + 0.999999 * (step / 2)));
    }
  });

  it('is capped at maxDelayMs however many attempts failed', () => {
    expect(backoffDelay(1_000, opts, () => 1)).toBe(10_000);
    expect(backoffDelay(50, opts, () => 0)).toBe(5_000);
  });

  it('spreads clients that fail at the same moment', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, opts)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('topic paths', () => {
  it('turns a full topic name into the REST / WebSocket path', () => {
    expect(topicPath('persistent://alpes/eventos/afiliados.eventos')).toBe('persistent/alpes/eventos/afiliados.eventos');
    expect(topicPath('persistent://alpes/eventos/t-sub-DLQ')).toBe('persistent/alpes/eventos/t-sub-DLQ');
  });

  it('refuses a short or malformed name instead of building a wrong URL', () => {
    expect(() => topicPath('afiliados.eventos')).toThrow(/Invalid topic name/);
    expect(() => topicPath('persistent://alpes/afiliados.eventos')).toThrow(/Invalid topic name/);
  });

  it('derives the WebSocket base from the HTTP URL', () => {
    expect(webSocketBaseUrl('http://127.0.0.1:8080/')).toBe('ws://127.0.0.1:8080');
    expect(webSocketBaseUrl('https://pulsar.example:8443')).toBe('wss://pulsar.example:8443');
  });
});

describe('ReconnectBackoff (reset only once a connection proved useful)', () => {
  const opts = { initialDelayMs: 100, maxDelayMs: 10_000, resetAfterMs: 5_000 };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps growing while connections open and close at once (a broker that accepts then drops them)', () => {
    const b = new ReconnectBackoff(opts, () => 0);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      b.opened();
      jest.advanceTimersByTime(50); // closed 50 ms after opening, nothing received
      delays.push(b.nextDelay());
    }
    expect(delays).toEqual([50, 100, 200, 400, 800, 1_600]);
    expect(b.attempts).toBe(6);
  });

  it('starts over after the first ack or message', () => {
    const b = new ReconnectBackoff(opts, () => 0);
    b.nextDelay();
    b.nextDelay();
    b.opened();
    b.useful();
    expect(b.attempts).toBe(0);
    expect(b.nextDelay()).toBe(50);
  });

  it('starts over once a connection stayed open for resetAfterMs, even if idle', () => {
    const b = new ReconnectBackoff(opts, () => 0);
    for (let i = 0; i < 4; i++) b.nextDelay();
    b.opened();
    jest.advanceTimersByTime(4_999);
    expect(b.attempts).toBe(4);
    jest.advanceTimersByTime(1);
    expect(b.attempts).toBe(0);
  });

  it('a close before resetAfterMs cancels the pending reset', () => {
    const b = new ReconnectBackoff(opts, () => 0);
    b.nextDelay();
    b.opened();
    jest.advanceTimersByTime(1_000);
    expect(b.nextDelay()).toBe(100);
    jest.advanceTimersByTime(10_000);
    expect(b.attempts).toBe(2);
  });
});
