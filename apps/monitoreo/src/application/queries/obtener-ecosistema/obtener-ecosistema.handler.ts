import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import {
  BROKER_ADMIN,
  ECOSISTEMA_CONFIG,
  SONDA_SERVICIOS,
  type BrokerAdminPort,
  type EcosistemaConfig,
  type SondaServiciosPort,
} from './ecosistema.ports';
import type { Ecosistema } from './ecosistema.read-model';
import type { ObtenerEcosistemaQuery } from './obtener-ecosistema.query';
import { recopilarEcosistema } from './recopilar-ecosistema';

/**
 * Answers from a snapshot at most `cacheMs` old. Concurrent requests share one collection in flight, so however many
 * pages poll, the broker sees at most one round of admin calls per `cacheMs`.
 */
@Injectable()
export class ObtenerEcosistemaHandler implements IQueryHandler<ObtenerEcosistemaQuery, Ecosistema> {
  private snapshot?: { readonly valor: Promise<Ecosistema>; vence: number };
  private readonly ahora: () => number;

  constructor(
    @Inject(ECOSISTEMA_CONFIG) private readonly config: EcosistemaConfig,
    @Inject(BROKER_ADMIN) private readonly broker: BrokerAdminPort,
    @Inject(SONDA_SERVICIOS) private readonly sonda: SondaServiciosPort,
  ) {
    this.ahora = config.ahora ?? Date.now;
  }

  execute(_query: ObtenerEcosistemaQuery): Promise<Ecosistema> {
    if (this.snapshot && this.ahora() < this.snapshot.vence) return this.snapshot.valor;
    const valor = recopilarEcosistema({
      broker: this.broker,
      sonda: this.sonda,
      resolveTopic: this.config.resolveTopic,
      servicios: this.config.servicios,
      ahora: () => new Date(this.ahora()),
    });
    // In flight: shared until it settles; then valid for cacheMs from that moment.
    const snapshot = { valor, vence: Number.POSITIVE_INFINITY };
    this.snapshot = snapshot;
    valor.then(
      () => (snapshot.vence = this.ahora() + this.config.cacheMs),
      () => {
        if (this.snapshot === snapshot) this.snapshot = undefined;
      },
    );
    return valor;
  }
}
