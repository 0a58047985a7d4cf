/** Current time in epoch ms (a port so tests can move time: grace periods, windows). */
export type Reloj = () => number;

export const RELOJ = Symbol('RELOJ');

export const relojDelSistema: Reloj = () => Date.now();
