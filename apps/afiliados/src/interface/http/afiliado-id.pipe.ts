import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@alpes/seedwork';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` of a route: a uuid (any case, answered lower-cased), else 400 AFILIADO.ID_INVALIDO. */
@Injectable()
export class AfiliadoIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new ValidationError('AFILIADO.ID_INVALIDO', 'el id del afiliado debe ser un uuid', {
        details: { id: typeof value === 'string' ? value.slice(0, 64) : null },
        field: 'id',
      });
    }
    return value.toLowerCase();
  }
}
