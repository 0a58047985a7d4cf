// The shared error body of every service (libs/platform), under the name this app's controllers import.
export { ErrorResponseDto } from '@alpes/platform';
