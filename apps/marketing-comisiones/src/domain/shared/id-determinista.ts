import { createHash } from 'node:crypto';

/**
 * A name-based UUID (SHA-1, version 5 layout): the same name always gives the same id, so a replayed event
 * recreates the same commission id instead of a new one.
 */
export function uuidDeNombre(nombre: string): string {
  const h = createHash('sha1').update(nombre).digest('hex');
  const variante = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variante}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
