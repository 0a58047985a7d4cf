/** What a statistics row is about: a campaign or an affiliate (influencer). */
export type Ambito = 'campana' | 'afiliado';

export const AMBITOS: readonly Ambito[] = ['campana', 'afiliado'];
