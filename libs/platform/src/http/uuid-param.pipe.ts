import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@alpes/seedwork';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path parameter that must be a UUID the service issued: any case (answered lower-cased, as EdgeInputPipe already
 * hands it), else 400 with the caller's code (`AFILIADO.ID_INVALIDO`) naming the parameter.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly code: string,
    private readonly message = 'the id must be a uuid',
    private readonly field = 'id',
  ) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new ValidationError(this.code, this.message, {
        details: { id: typeof value === 'string' ? value.slice(0, 64) : null },
        field: this.field,
      });
    }
    return value.toLowerCase();
  }
}
