/** Small hand-made problems for given/when/then specs: a one-node problem of `isps` quarter-hours. */
import { ISP_MS } from '@trottoir/kernel';

import type { DispatchProblem, DispatchSegment } from '../problem';

export function aProblem(isps: number, segments: DispatchSegment[], overrides: Partial<DispatchProblem> = {}): DispatchProblem {
  return {
    version: 1,
    ispMs: ISP_MS,
    start: Date.UTC(2026, 5, 21, 18),
    isps,
    node: { id: 'lv-1', baselineW: new Array<number>(isps).fill(0), importLimitW: 1e6, exportLimitW: 1e6 },
    order: [{ isp: 0, deltaW: -1_000 }],
    shortfallPricePerKWh: 10,
    segments,
    ...overrides,
  };
}

export const aBattery = (overrides: Partial<NonNullable<DispatchSegment['battery']>> = {}): NonNullable<DispatchSegment['battery']> => ({
  socWh: 5_000,
  minWh: 1_000,
  maxWh: 9_000,
  maxChargeW: 5_000,
  maxDischargeW: 5_000,
  efficiency: 0.95,
  cycleCostPerKWh: 0.05,
  ...overrides,
});
