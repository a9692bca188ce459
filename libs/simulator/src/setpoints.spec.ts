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
    expect(segment.setpoints).toEqual([]);
  });

  it('says why a setpoint is not applied: unknown segment, already expired, never in force behind another', () => {
    const fleet = state();
    expect(applySetpoint(fleet, aSetpoint({ segmentId: 'nope' }), 0)).toBe('unknown-segment');
    expect(applySetpoint(fleet, aSetpoint({ validUntil: 100 }), 100)).toBe('expired');
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'a', ts: 50, validUntil: 1_000, pvLimitW: 1 }), 0)).toBe('applied');
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'b', ts: 40, validUntil: 1_000, pvLimitW: 2 }), 55)).toBe('superseded');
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'c', ts: 60, validUntil: 1_000, evLimitW: 3 }), 55)).toBe('applied');
    // Received again (at-least-once delivery): the copy replaces the first, nothing else changes.
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'a', ts: 50, validUntil: 1_000, pvLimitW: 1 }), 56)).toBe('applied');
    expect(fleet.segments[0].setpoints.map((kept) => kept.setpointId)).toEqual(['a', 'c']);
    const inForce = activeSetpoint(fleet.segments[0], 70);
    expect(inForce?.evLimitW).toBe(3);
    expect(inForce?.pvLimitW).toBeUndefined();
  });

  it('keeps a schedule: each ISP\'s setpoint in force in its ISP, a mid-ISP re-dispatch replacing it for the rest of it', () => {
    const fleet = state();
    const segment = fleet.segments[0];
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'isp1', ts: 900, validUntil: 1_800, pvLimitW: 10 }), 0)).toBe('applied');
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'isp2', ts: 1_800, validUntil: 2_700, pvLimitW: 20 }), 0)).toBe('applied');
    expect(activeSetpoint(segment, 899)).toBeUndefined();
    expect(activeSetpoint(segment, 1_000)?.setpointId).toBe('isp1');
    expect(applySetpoint(fleet, aSetpoint({ setpointId: 'redo1', ts: 1_200, validUntil: 1_800, pvLimitW: 5 }), 1_100)).toBe('applied');
    expect(activeSetpoint(segment, 1_100)?.setpointId).toBe('isp1');
    expect(activeSetpoint(segment, 1_200)?.setpointId).toBe('redo1');
    expect(activeSetpoint(segment, 1_800)?.setpointId).toBe('isp2');
    expect(activeSetpoint(segment, 2_700)).toBeUndefined();
    expect(segment.setpoints).toEqual([]);
  });
});
