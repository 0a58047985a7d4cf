// The NestJS chassis every service shares: HTTP conventions (DESIGN.md §4, §6), database, health, audit, lifecycle.
export { createServiceApp, startService, configureHttpApp, MAX_BODY_BYTES } from './service/bootstrap';
export type { ServiceDefinition } from './service/bootstrap';
export { settingOf } from './service/runtime-options';
export type { ServiceRuntimeOptions } from './service/runtime-options';
export { ServiceEventsModule, ServiceEventsPublisher, SERVICE_INSTANCE } from './service/service-events';
export { PinoNestLogger } from './service/nest-logger';

export { HttpErrorFilter, statusOfTransportError } from './http/http-error.filter';
export { STATUS_OF_KIND, reasonPhrase } from './http/error-body';
export type { ErrorBody, FieldError } from './http/error-body';
export { createValidationPipe, flattenValidationErrors, validationErrorBody, VALIDATION_ERROR_CODE } from './http/validation.pipe';
export { PaginationQueryDto, toPageRequest, mapPage } from './http/pagination.dto';
export { IsAmount, MAX_AMOUNT } from './http/amount.decorator';
export { ErrorResponseDto, FieldErrorDto } from './http/error-response.dto';
export { requestContext, runWithContext, requestContextMiddleware, CORRELATION_ID_HEADER, ACTOR_HEADER } from './http/request-context';
export type { RequestContext } from './http/request-context';

export { DatabaseModule, mysqlSettingsFromEnv, prepareDatabase, databaseNameOf } from './database/database.module';
export type { ServiceDatabaseOptions, MysqlConnectionSettings } from './database/database.module';
export { boundPool, pingDatabase, poolUsage, DEFAULT_ACQUIRE_TIMEOUT_MS } from './database/connection-pool';
export type { PoolBounds, PoolUsage, NestedConnectionPolicy } from './database/connection-pool';

export { HealthModule } from './health/health.module';
export { HealthController } from './health/health.controller';
export type { HealthReport } from './health/health.controller';

export { auditEvent } from './audit/audit-event';
export type { AuditInput } from './audit/audit-event';
export { EdgeInputPipe } from './http/edge-input.pipe';
export { IsDateTimeWithZone, isDateTimeWithZone, IsDecimalNumber, IsOptionalNotNull, IsQueryInt, NormalizeUuid, normalizeUuid, hasAtMostDecimals } from './http/field.decorators';
export {
  parseJsonBody,
  scanJsonStructure,
  RequestBodyError,
  MAX_JSON_DEPTH,
  FORBIDDEN_KEYS,
  JSON_MEDIA_TYPES,
} from './http/json-body';
export { UuidParamPipe } from './http/uuid-param.pipe';
