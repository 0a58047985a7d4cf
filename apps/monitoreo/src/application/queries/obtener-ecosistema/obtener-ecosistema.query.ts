import { Query } from '@alpes/seedwork';

/** The state of the Pulsar ecosystem and of the services, as `/ecosistema` and the dashboard show it. */
export class ObtenerEcosistemaQuery extends Query {}
