import { Injectable, type PipeTransform } from '@nestjs/common';
import { UuidParamPipe } from '@alpes/platform';
import { ValidationError } from '@alpes/seedwork';

const TEXTO_ID = /^[A-Za-z0-9._:@-]{1,100}$/;
const ID_CONVERSION_TEXTO = /^[A-Za-z0-9._:@-]{1,64}$/;

/** `:id` of a resource this service creates: a uuid (answered lower-cased), else 400 `<CONTEXTO>.ID_INVALIDO`. */
@Injectable()
export class UuidPipe extends UuidParamPipe {
  constructor(contexto: 'CAMPANA' | 'COMISION' | 'PAGO') {
    super(`${contexto}.ID_INVALIDO`);
  }
}

/**
 * An id owned by another service: an affiliate (1–100 characters of [A-Za-z0-9._:@-]) or a conversion (1–64, the
 * length conversiones allows), else 400.
 */
@Injectable()
export class IdExternoPipe implements PipeTransform<string, string> {
  constructor(
    private readonly campo: string,
    private readonly max: 64 | 100 = 100,
  ) {}

  transform(value: string): string {
    const patron = this.max === 64 ? ID_CONVERSION_TEXTO : TEXTO_ID;
    if (typeof value !== 'string' || !patron.test(value)) {
      throw new ValidationError('VALIDACION.ID_INVALIDO', `${this.campo} must be 1-${this.max} characters of letters, digits and . _ : @ -`, {
        details: { campo: this.campo },
      });
    }
    return value;
  }
}

export const ID_EXTERNO = TEXTO_ID;
export const ID_CONVERSION = ID_CONVERSION_TEXTO;
