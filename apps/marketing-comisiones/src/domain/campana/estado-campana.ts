export const ESTADOS_CAMPANA = ['BORRADOR', 'ACTIVA', 'PAUSADA', 'FINALIZADA'] as const;
export type EstadoCampana = (typeof ESTADOS_CAMPANA)[number];

/** Motivo of the automatic pause when the budget runs out (CampanaPausada.motivo). */
export const MOTIVO_PRESUPUESTO_AGOTADO = 'PRESUPUESTO_AGOTADO';
