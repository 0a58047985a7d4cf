export const TIPOS_EVENTO = ['impresion', 'click', 'conversion'] as const;
export type TipoEvento = (typeof TIPOS_EVENTO)[number];

export const TIPOS_CONVERSION = ['venta', 'registro', 'suscripcion', 'lead'] as const;
export type TipoConversion = (typeof TIPOS_CONVERSION)[number];

export const MODELOS = ['CPM', 'CPC', 'CPA', 'CPS'] as const;
export type Modelo = (typeof MODELOS)[number];

/** The model each tracking event type may be paid with. */
export const MODELOS_POR_EVENTO: Readonly<Record<TipoEvento, readonly Modelo[]>> = {
  impresion: ['CPM'],
  click: ['CPC'],
  conversion: ['CPA', 'CPS'],
};
