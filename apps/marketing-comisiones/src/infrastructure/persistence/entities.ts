import { AfiliadoProyeccionOrmEntity } from './afiliado-proyeccion.orm-entity';
import { CampanaOrmEntity } from './campana.orm-entity';
import { ComisionOrmEntity } from './comision.orm-entity';
import { PagoOrmEntity } from './pago.orm-entity';
import { CreateMarketingTables1791000000000 } from './migrations/1791000000000-create-marketing-tables.migration';
import { DevolverPresupuestoRevertidas1791000000100 } from './migrations/1791000000100-devolver-presupuesto-revertidas.migration';

export const MARKETING_ENTITIES = [AfiliadoProyeccionOrmEntity, CampanaOrmEntity, ComisionOrmEntity, PagoOrmEntity];
export const MARKETING_MIGRATIONS = [CreateMarketingTables1791000000000, DevolverPresupuestoRevertidas1791000000100];
