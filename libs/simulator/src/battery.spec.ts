import { create } from '@bufbuild/protobuf';
import { BatteryRatingSchema } from '@trottoir/contracts';

import { stepBattery } from './battery';

const rating = create(BatteryRatingSchema, { capacityWh: 10_000, maxChargeW: 5_000, maxDischargeW: 4_000, socMinPct: 20, socMaxPct: 80 });

describe('battery', () => {
  it('stores what would be exported and covers what would be imported (self-consumption)', () => {
    const state = { socPct: 50 };
    expect(stepBattery(rating, state, -3_000, undefined, 0.25)).toBe(3_000);
    expect(state.socPct).toBeCloseTo(50 + (3_000 * 0.25 * 0.95) / 100, 6);
    expect(stepBattery(rating, state, 6_000, undefined, 0.25)).toBe(-4_000);
  });

  it('follows a setpoint within its ratings, and stops at the SoC limits', () => {
    const state = { socPct: 79 };
    const powerW = stepBattery(rating, state, 0, 5_000, 1);
    expect(powerW).toBeLessThan(5_000);
    expect(state.socPct).toBeCloseTo(80, 9);
    expect(stepBattery(rating, state, 0, 5_000, 1)).toBe(0);
    const low = { socPct: 20 };
    expect(stepBattery(rating, low, 0, -4_000, 1)).toBeCloseTo(0, 9);
  });
});
