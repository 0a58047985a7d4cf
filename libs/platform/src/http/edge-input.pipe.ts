import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isWellFormedString } from '@alpes/contracts';
import type { FieldError } from './error-body';
import { normalizeUuid } from './field.decorators';
import { validationErrorBody } from './validation.pipe';

function malformed(value: unknown, field: string, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (!isWellFormedString(value)) out.push({ field, messages: [`${field} contains a lone UTF-16 surrogate (not valid Unicode text)`] });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => malformed(item, `${field}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) malformed(item, field ? `${field}.${key}` : key, out);
  }
}

/**
 * The first global pipe: path and query parameters must be well-formed Unicode (the body is checked while it is
 * parsed), and a UUID in a path parameter reaches every controller lower-cased, so `/x/ABC…` and `/x/abc…` are the
 * same resource in every service. Runs before the validation pipe and before any pipe a route adds.
 */
@Injectable()
export class EdgeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'query') return value;
    const errors: FieldError[] = [];
    malformed(value, metadata.data ?? '', errors);
    if (errors.length > 0) throw new BadRequestException(validationErrorBody(errors));
    if (metadata.type !== 'param') return value;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeUuid(item)]));
    }
    return normalizeUuid(value);
  }
}
