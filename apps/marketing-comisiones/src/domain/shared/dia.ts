/** UTC calendar day of an instant, `YYYY-MM-DD` (the accrual period of CPC/CPM commissions). */
export function diaUtc(instante: Date | number): string {
  const fecha = typeof instante === 'number' ? new Date(instante) : instante;
  if (Number.isNaN(fecha.getTime())) throw new Error(`Invalid instant ${String(instante)}`);
  return fecha.toISOString().slice(0, 10);
}
