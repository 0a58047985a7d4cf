import type WebSocket from 'ws';

/**
 * Detects a half-open connection (broker host gone without closing TCP): ping every interval, and terminate the
 * socket when the previous ping got no pong, which triggers the normal reconnection path.
 */
export class Heartbeat {
  private timer?: NodeJS.Timeout;

  constructor(private readonly intervalMs = 15_000) {}

  start(ws: WebSocket): void {
    this.stop();
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    this.timer = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
