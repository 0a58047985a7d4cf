import type { ServiceDefinition } from '@alpes/platform';

export const SERVICE_DEFINITION: ServiceDefinition = {
  app: 'conversiones',
  defaultPort: 8002,
  title: 'AlpesPartners — conversiones',
  description:
    'Tracking write side (DESIGN.md §5 flow 3): impressions, clicks and conversions are checked against local projections of ' +
    'affiliates and campaigns, written durably as commands on `tracking.comandos` (202), and processed in batches into an ' +
    'append-only event store; conversions are event-sourced (REGISTRADA → VALIDADA | RECHAZADA, VALIDADA → REVERTIDA), attributed ' +
    '(click within the campaign window, last click wins) and validated; click flooding is flagged and never billed. Publishes ' +
    '`conversiones.eventos`.',
};
