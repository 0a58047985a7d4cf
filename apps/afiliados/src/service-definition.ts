import type { ServiceDefinition } from '@alpes/platform';

export const SERVICE_DEFINITION: ServiceDefinition = {
  app: 'afiliados',
  defaultPort: 8001,
  title: 'AlpesPartners — afiliados',
  description: [
    'Registro y ciclo de vida de los afiliados (influencers, publishers) y su configuración de comisiones.',
    '',
    '- Estados: `PENDIENTE` → `activar` → `ACTIVO` ⇄ (`suspender` / `reactivar`) `SUSPENDIDO`; una acción no permitida',
    '  desde el estado actual responde 409 `AFILIADO.TRANSICION_INVALIDA`.',
    '- `configuracion_comisiones`: porcentajes 0–100 con hasta 4 decimales; `comision_base` por defecto **10**;',
    '  `comision_premium` opcional y no menor que la base.',
    '- Eventos (Avro, tópico `afiliados.eventos`, clave `afiliado_id`): AfiliadoRegistrado v2, AfiliadoActivado,',
    '  AfiliadoSuspendido, AfiliadoReactivado, ConfiguracionComisionesActualizada; y un `AccionRegistrada` por comando',
    '  aceptado en `auditoria.eventos`. Se escriben en la misma transacción que el afiliado (outbox).',
    '- Errores: `{ statusCode, error, message, code, details? }`; validación 400 con `errors` por campo.',
  ].join('\n'),
};
