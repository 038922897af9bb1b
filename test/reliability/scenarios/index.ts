import type { Scenario } from '../scenario.ts';
import { burst } from './burst.ts';
import { crashResume } from './crash-resume.ts';
import { duplicates } from './duplicates.ts';
import { faultMatrix } from './fault-matrix.ts';
import { hostileInput } from './hostile-input.ts';

/** Every scenario `npm run reliability` runs and `npm test` slices, in report order. */
export const scenarios: Scenario[] = [faultMatrix, crashResume, duplicates, burst, hostileInput];
