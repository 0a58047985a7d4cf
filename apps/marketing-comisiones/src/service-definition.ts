import type { ServiceDefinition } from '@alpes/platform';

export const SERVICE_DEFINITION: ServiceDefinition = {
  app: 'marketing-comisiones',
  defaultPort: 8003,
  title: 'AlpesPartners — marketing-comisiones',
  description: [
    'Campaigns (budget, commission rules, assigned affiliates), commissions and payouts. Money is exact: decimal',
    'amounts (DECIMAL(18,4) columns, a decimal library in code), JSON numbers in the currency units, every product',
    'rounded once HALF_UP to the currency minor unit.',
    '',
    '- **Campaigns**: `BORRADOR → ACTIVA ⇄ PAUSADA → FINALIZADA`; events on `marketing.eventos` (key campana_id).',
    '- **Commissions** from `conversiones.eventos`: one per validated conversion (CPA fixed, CPS percentage, a premium',
    "  affiliate's comision_premium overrides CPS); CPC/CPM accrue per affiliate, campaign and UTC day (running total",
    '  republished every few seconds under the same id). Budget is consumed atomically and never overspent: the',
    '  commission that does not fit is capped, PresupuestoAgotado is published and the campaign pauses itself.',
    '  Sale in another currency → RECHAZADA MONEDA_DISTINTA; no budget left → RECHAZADA PRESUPUESTO_AGOTADO; no rule →',
    '  recorded RECHAZADA SIN_REGLA (not published). Events on `comisiones.eventos` (key afiliado_id).',
    '- **Payouts**: APROBADA commissions (minus adjustments of reverted paid ones) of one currency → PROGRAMADO →',
    '  PAGADO | FALLIDO through a payment-provider port (simulated by default).',
    '',
    'Errors: `{ statusCode, error, message, code, details? }`; 400 invalid data, 404 unknown ids, 409 state conflicts,',
    '422 business rules.',
  ].join('\n'),
};
