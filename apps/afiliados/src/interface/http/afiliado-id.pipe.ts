import { Injectable } from '@nestjs/common';
import { UuidParamPipe } from '@alpes/platform';

/** `:id` of a route: a uuid (any case, answered lower-cased), else 400 AFILIADO.ID_INVALIDO. */
@Injectable()
export class AfiliadoIdPipe extends UuidParamPipe {
  constructor() {
    super('AFILIADO.ID_INVALIDO', 'el id del afiliado debe ser un uuid');
  }
}
