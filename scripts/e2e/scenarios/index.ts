import type { Scenario } from '../support/scenario';
import { badInputs } from './bad-inputs';
import { commissionFlow } from './commission-flow';
import { monitoreoMetrics } from './monitoreo-metrics';
import { rejections } from './rejections';
import { reversal } from './reversal';
import { seedData } from './seed-data';

/** Every scenario, in the order they run; monitoreo-metrics last (it checks what all the others sent). */
export const SCENARIOS: readonly Scenario[] = [seedData, commissionFlow, rejections, reversal, badInputs, monitoreoMetrics];
