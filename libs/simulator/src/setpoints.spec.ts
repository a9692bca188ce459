import { createFleetState } from './fleet-state';
import { aSegment, aSetpoint } from './segment.fixture';
import { activeSetpoint, applySetpoint } from './setpoints';

describe('setpoints', () => {
  const state = () => createFleetState([aSegment({ segmentId: 'seg-1' })], { seed: 1 });

  it('applies a setpoint to a known segment from its ts until its validUntil', () => {
    const fleet = state();
    expect(applySetpoint(fleet, aSetpoint({ ts: 1_000, validUntil: 2_000, pvLimitW: 5 }), 500)).toBe('applied');
    const segment = fleet.segments[0];
    expect(activeSetpoint(segment, 999)).toBeUndefined();
    expect(activeSetpoint(segment, 1_000)?.pvLimitW).toBe(5);
    expect(activeSetpoint(segment, 2_000)).toBeUndefined();
    expect(segment.setpoint).toBeUndefined();
  });

  it('says why a setpoint is not applied: unknown segment, already expired, older than the one in force', () => {
    const fleet = state();
    expect(applySetpoint(fleet, aSetpoint({ segmentId: 'nope' }), 0)).toBe('unknown-segment');
    expect(applySetpoint(fleet, aSetpoint({ validUntil: 100 }), 100)).toBe('expired');
    expect(applySetpoint(fleet, aSetpoint({ ts: 50, validUntil: 1_000, pvLimitW: 1 }), 0)).toBe('applied');
    expect(applySetpoint(fleet, aSetpoint({ ts: 40, validUntil: 1_000, pvLimitW: 2 }), 0)).toBe('superseded');
    expect(applySetpoint(fleet, aSetpoint({ ts: 60, validUntil: 1_000, evLimitW: 3 }), 0)).toBe('applied');
    const inForce = activeSetpoint(fleet.segments[0], 70);
    expect(inForce?.evLimitW).toBe(3);
    expect(inForce?.pvLimitW).toBeUndefined();
  });
});
