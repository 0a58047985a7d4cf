import type { ServiceDefinition } from '@alpes/platform';

export const SERVICE_DEFINITION: ServiceDefinition = {
  app: 'tracking-queries',
  defaultPort: 8004,
  title: 'AlpesPartners · tracking-queries',
  description:
    'Read models (projections) over the events of conversiones, comisiones, marketing and afiliados: impressions and ' +
    'conversions by id, per campaign and per affiliate (influencer), and exact statistics (CTR, conversion rate, EPC). ' +
    'Eventually consistent: an event is visible once its batch has been projected. ' +
    '`POST /tracking/queries/admin/rebuild` replays every topic from the earliest message into a fresh copy of the ' +
    'tables and switches to it atomically, while queries keep answering.',
};
