import type { ServiceDefinition } from '@alpes/platform';

export const SERVICE_DEFINITION: ServiceDefinition = {
  app: 'monitoreo',
  defaultPort: 8005,
  title: 'AlpesPartners · monitoreo',
  description:
    'Monitoring of the whole platform: one event log fed by every `*.eventos` topic and by the raw JSON topics ' +
    '`clicks`, `conversions` and `sales` of outside systems; business metrics per period; conversion-rate alerts; ' +
    'the audit trail; the state of the Pulsar ecosystem (topics, rates, backlogs, DLQs, services up); and a live dashboard.',
};
