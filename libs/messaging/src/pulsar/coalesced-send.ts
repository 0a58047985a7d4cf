import type { Socket } from 'node:net';
import type WebSocket from 'ws';

const corked = new WeakSet<Socket>();

/**
 * `ws.send`, with every frame sent in the same tick on the same connection coalesced into one socket write: the
 * socket is corked on the first frame of a tick and uncorked on the next tick. A relay round or a batch of acks
 * otherwise costs one `writev` system call per frame (on this side and a read on the broker's).
 */
export function sendCoalesced(ws: WebSocket, frame: string): void {
  // `_socket` is ws's underlying net.Socket (not part of its typed API); without it, plain send.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket && !corked.has(socket) && !socket.destroyed) {
    socket.cork();
    corked.add(socket);
    process.nextTick(() => {
      corked.delete(socket);
      socket.uncork();
    });
  }
  ws.send(frame);
}
