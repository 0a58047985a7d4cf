import { BusinessRuleError, NotFoundError } from '@alpes/seedwork';

export class CampanaDesconocidaError extends NotFoundError {
  constructor(campanaId: string) {
    super('TRACKING.CAMPANA_DESCONOCIDA', `Campaign ${campanaId} is unknown`, { details: { campana_id: campanaId } });
  }
}

export class AfiliadoDesconocidoError extends NotFoundError {
  constructor(afiliadoId: string) {
    super('TRACKING.AFILIADO_DESCONOCIDO', `Affiliate ${afiliadoId} is unknown`, { details: { afiliado_id: afiliadoId } });
  }
}

export class CampanaInactivaError extends BusinessRuleError {
  constructor(campanaId: string, estado: string) {
    super('TRACKING.CAMPANA_INACTIVA', `Campaign ${campanaId} is ${estado}, not ACTIVA`, {
      details: { campana_id: campanaId, estado },
    });
  }
}

export class CampanaFueraDeVigenciaError extends BusinessRuleError {
  constructor(campanaId: string, at: number) {
    super('TRACKING.CAMPANA_FUERA_DE_VIGENCIA', `Campaign ${campanaId} does not run at ${new Date(at).toISOString()}`, {
      details: { campana_id: campanaId, timestamp: new Date(at).toISOString() },
    });
  }
}

export class AfiliadoInactivoError extends BusinessRuleError {
  constructor(afiliadoId: string, estado: string) {
    super('TRACKING.AFILIADO_INACTIVO', `Affiliate ${afiliadoId} is ${estado}, not ACTIVO`, {
      details: { afiliado_id: afiliadoId, estado },
    });
  }
}

export class AfiliadoNoAsignadoError extends BusinessRuleError {
  constructor(afiliadoId: string, campanaId: string) {
    super('TRACKING.AFILIADO_NO_ASIGNADO', `Affiliate ${afiliadoId} is not assigned to campaign ${campanaId}`, {
      details: { afiliado_id: afiliadoId, campana_id: campanaId },
    });
  }
}
