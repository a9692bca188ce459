import { DEFAULT_LIGHTING_POLICY, inNightWindow, policyDimmingPct, segmentDimmingPct } from './lighting-policy';

describe('lighting policy', () => {
  it('are off while the sun is up, full at dusk, dimmed to 50 % between 23:00 and 05:00 local', () => {
    expect(policyDimmingPct(DEFAULT_LIGHTING_POLICY, 10, 23.5)).toBe(0);
    expect(policyDimmingPct(DEFAULT_LIGHTING_POLICY, -5, 21)).toBe(100);
    expect(policyDimmingPct(DEFAULT_LIGHTING_POLICY, -20, 23)).toBe(50);
    expect(policyDimmingPct(DEFAULT_LIGHTING_POLICY, -20, 2)).toBe(50);
    expect(policyDimmingPct(DEFAULT_LIGHTING_POLICY, -5, 5)).toBe(100);
  });

  it('never go below the segment minimum, whatever the policy or the setpoint asks; stay off when off', () => {
    expect(segmentDimmingPct(50, 60, undefined)).toBe(60);
    expect(segmentDimmingPct(100, 30, 10)).toBe(30);
    expect(segmentDimmingPct(100, 30, 70)).toBe(70);
    expect(segmentDimmingPct(0, 30, 70)).toBe(0);
  });

  it('reads a night window that crosses midnight, and one that does not', () => {
    expect([22.99, 23, 0, 4.99, 5].map((hour) => inNightWindow(DEFAULT_LIGHTING_POLICY, hour))).toEqual([false, true, true, true, false]);
    const early = { ...DEFAULT_LIGHTING_POLICY, nightFromLocalHour: 1, nightToLocalHour: 4 };
    expect([0.5, 1, 3.5, 4].map((hour) => inNightWindow(early, hour))).toEqual([false, true, true, false]);
  });
});
