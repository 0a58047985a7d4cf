import { ErrorResponseDto } from '@alpes/platform';

// The shared error body of every service (libs/platform), under the name this app's controllers import.
export { ErrorResponseDto };

export const BAD_REQUEST = {
  type: ErrorResponseDto,
  description: 'Invalid data: field errors (VALIDACION.DATOS_INVALIDOS), unknown fields, malformed JSON, ids that are not uuids, or a domain validation code.',
};
