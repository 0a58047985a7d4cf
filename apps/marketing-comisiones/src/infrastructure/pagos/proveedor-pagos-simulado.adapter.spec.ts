import { Money } from '@alpes/seedwork';
import { ProveedorPagosSimuladoAdapter } from './proveedor-pagos-simulado.adapter';

describe('ProveedorPagosSimuladoAdapter', () => {
  const orden = (afiliadoId: string) => ({ pagoId: 'p1', afiliadoId, monto: Money.of('10', 'USD') });

  it('succeeds with a reference derived from the payout id', async () => {
    const p = new ProveedorPagosSimuladoAdapter({ fallarTodo: false, afiliadosQueFallan: new Set() });
    expect(await p.pagar(orden('a1'))).toEqual({ exito: true, referencia: 'sim-p1' });
  });

  it('fails when configured, for everyone or for listed affiliates', async () => {
    expect(await new ProveedorPagosSimuladoAdapter({ fallarTodo: true, afiliadosQueFallan: new Set() }).pagar(orden('a1'))).toEqual({
      exito: false,
      motivo: 'PAGO_RECHAZADO_SIMULADO',
    });
    const porAfiliado = new ProveedorPagosSimuladoAdapter({ fallarTodo: false, afiliadosQueFallan: new Set(['a2']) });
    expect((await porAfiliado.pagar(orden('a2'))).exito).toBe(false);
    expect((await porAfiliado.pagar(orden('a1'))).exito).toBe(true);
  });
});
