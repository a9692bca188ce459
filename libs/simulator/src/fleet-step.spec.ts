/**
 * The fleet step, given/when/then for the physical facts and with fast-check for the invariants that
 * must hold whatever the date, the step length, the seed and the setpoints.
 */
import { DAY_MS, HOUR_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { createFleetState } from './fleet-state';
import { stepFleet, stepFleetWithTruth } from './fleet-step';
import { aCity, aSegment, aSetpoint } from './segment.fixture';
import { applySetpoint } from './setpoints';

/** Lyon's solar noon is about 11:40 UTC (4.83° E). */
const SOLAR_NOON_UTC_MS = 11 * HOUR_MS + 40 * 60_000;
const YEAR_2026 = Date.UTC(2026, 0, 1);

const dayOf2026 = fc.integer({ min: 0, max: 364 });
const seed = fc.integer({ min: 0, max: 2 ** 31 });

/** Runs `steps` steps of `dtMs` from `fromTs` and returns every reading, step by step. */
function run(state: ReturnType<typeof createFleetState>, fromTs: number, dtMs: number, steps: number) {
  const out = [];
  for (let k = 0; k < steps; k++) out.push(stepFleet(state, fromTs + k * dtMs, k === 0 ? 0 : dtMs));
  return out;
}

describe('stepFleet', () => {
  it('given a city at solar noon on any day, when stepped, then every light is off', () => {
    fc.assert(
      fc.property(dayOf2026, seed, (day, s) => {
        const readings = stepFleet(createFleetState(aCity(12), { seed: s }), YEAR_2026 + day * DAY_MS + SOLAR_NOON_UTC_MS, 0);
        expect(readings.every((reading) => reading.lightsPowerW === 0 && reading.lightsDimmingPct === 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('given a city at solar midnight on any day, when stepped, then PV is zero and the lights are on, at least at their minimum', () => {
    fc.assert(
      fc.property(dayOf2026, seed, (day, s) => {
        const readings = stepFleet(createFleetState(aCity(12), { seed: s }), YEAR_2026 + day * DAY_MS + SOLAR_NOON_UTC_MS + 12 * HOUR_MS, 0);
        for (const reading of readings) {
          expect(reading.pvPowerW).toBe(0);
          expect(reading.lightsDimmingPct).toBeGreaterThanOrEqual(30);
          expect(reading.lightsPowerW).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('given a clear midsummer noon, when stepped, then a car park produces PV within its inverter limit', () => {
    const state = createFleetState([aSegment()], { seed: 7 });
    const midsummerNoon = Date.UTC(2026, 5, 21) + SOLAR_NOON_UTC_MS;
    const pvW = run(state, midsummerNoon - 2 * HOUR_MS, HOUR_MS, 5).map(([reading]) => reading.pvPowerW);
    expect(Math.max(...pvW)).toBeGreaterThan(1_000);
    expect(Math.max(...pvW)).toBeLessThanOrEqual(12_000);
  });

  it('dims the lights by the municipal policy in the middle of the night (50 % from 23:00 to 05:00 local)', () => {
    const state = createFleetState([aSegment({ lighting: { $typeName: 'trottoir.fleet.v1.LightingRating', count: 2, ratedPowerWEach: 100, minDimmingPct: 20 } })], { seed: 1 });
    // 21 December 2026, Paris is UTC+1: 21:00 local is full power, 01:00 local is dimmed.
    const [evening] = stepFleet(state, Date.UTC(2026, 11, 21, 20), 0);
    const [night] = stepFleet(state, Date.UTC(2026, 11, 22, 0), 4 * HOUR_MS);
    expect(evening).toMatchObject({ lightsDimmingPct: 100, lightsPowerW: 200 });
    expect(night).toMatchObject({ lightsDimmingPct: 50, lightsPowerW: 100 });
  });

  it('gives the same readings for the same seed, and different ones for another seed', () => {
    const from = Date.UTC(2026, 3, 2, 6);
    const a = run(createFleetState(aCity(30), { seed: 42 }), from, 15 * 60_000, 40);
    const b = run(createFleetState(aCity(30), { seed: 42 }), from, 15 * 60_000, 40);
    const c = run(createFleetState(aCity(30), { seed: 43 }), from, 15 * 60_000, 40);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('keeps the sign convention and the balance: net = lights + EV + battery − PV', () => {
    for (const readings of run(createFleetState(aCity(20), { seed: 3 }), Date.UTC(2026, 6, 1), HOUR_MS, 24)) {
      for (const reading of readings) {
        expect(reading.netPowerW).toBeCloseTo(reading.lightsPowerW + reading.evPowerW + reading.batteryPowerW - reading.pvPowerW, 6);
      }
    }
  });

  it('leaves the Perez enhancement of the clear sky off unless asked for; with it, more PV and the same lights', () => {
    const winterMorning = Date.UTC(2026, 11, 21, 7);
    const off = run(createFleetState(aCity(6), { seed: 9 }), winterMorning, HOUR_MS, 10);
    expect(run(createFleetState(aCity(6), { seed: 9, perezEnhancement: false }), winterMorning, HOUR_MS, 10)).toEqual(off);
    const on = run(createFleetState(aCity(6), { seed: 9, perezEnhancement: true }), winterMorning, HOUR_MS, 10);
    let higher = 0;
    off.forEach((readings, step) =>
      readings.forEach((reading, i) => {
        expect(on[step][i].pvPowerW).toBeGreaterThanOrEqual(reading.pvPowerW);
        expect(on[step][i].lightsPowerW).toBe(reading.lightsPowerW);
        if (on[step][i].pvPowerW > reading.pvPowerW) higher++;
      }),
    );
    // The sun is up at 8 of the 10 hourly steps (08:00–15:00 UTC, 6–21° high): 6 × 8 readings that should all gain.
    expect(higher).toBeGreaterThanOrEqual(40);
  });

  it('leaves out segments not yet commissioned', () => {
    const state = createFleetState([aSegment({ segmentId: 'old' }), aSegment({ segmentId: 'new', commissionedAt: Date.UTC(2027, 0, 1) })], { seed: 1 });
    expect(stepFleet(state, Date.UTC(2026, 5, 1), 0).map((reading) => reading.segmentId)).toEqual(['old']);
  });

  it('refuses an unknown time zone', () => {
    expect(() => createFleetState([aSegment()], { seed: 1, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('stepFleet invariants', () => {
  const scenario = fc.record({
    seed,
    fromTs: fc.integer({ min: YEAR_2026, max: YEAR_2026 + 364 * DAY_MS }),
    dtMs: fc.constantFrom(60_000, 5 * 60_000, 15 * 60_000, HOUR_MS, 3 * HOUR_MS),
    steps: fc.integer({ min: 2, max: 30 }),
    setpoint: fc.option(
      fc.record({
        pvLimitW: fc.option(fc.double({ min: 0, max: 15_000, noNaN: true }), { nil: undefined }),
        evLimitW: fc.option(fc.double({ min: 0, max: 100_000, noNaN: true }), { nil: undefined }),
        lightsDimmingPct: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
        batteryPowerW: fc.option(fc.double({ min: -40_000, max: 40_000, noNaN: true }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
  });

  it('holds the SoC within its limits, the registers monotone, and every setpoint limit', () => {
    fc.assert(
      fc.property(scenario, ({ seed: s, fromTs, dtMs, steps, setpoint }) => {
        const state = createFleetState([aSegment()], { seed: s });
        if (setpoint) expect(applySetpoint(state, aSetpoint({ ...setpoint, ts: fromTs, validUntil: fromTs + steps * dtMs }), fromTs)).toBe('applied');
        let previous = { meterImportWh: 0, meterExportWh: 0 };
        for (const [step, [reading]] of run(state, fromTs, dtMs, steps).entries()) {
          // The first reading, stamped when the setpoint starts, reports the interval before it.
          const governed = step > 0;
          expect(reading.batterySocPct).toBeGreaterThanOrEqual(10);
          expect(reading.batterySocPct).toBeLessThanOrEqual(90);
          expect(Math.abs(reading.batteryPowerW)).toBeLessThanOrEqual(20_000);
          expect(reading.pvPowerW).toBeGreaterThanOrEqual(0);
          expect(reading.pvPowerW).toBeLessThanOrEqual(12_000);
          expect(reading.meterImportWh).toBeGreaterThanOrEqual(previous.meterImportWh);
          expect(reading.meterExportWh).toBeGreaterThanOrEqual(previous.meterExportWh);
          if (governed && setpoint?.pvLimitW !== undefined) expect(reading.pvPowerW).toBeLessThanOrEqual(setpoint.pvLimitW + 0.05);
          if (governed && setpoint?.evLimitW !== undefined) expect(reading.evPowerW).toBeLessThanOrEqual(setpoint.evLimitW + 0.05);
          if (reading.lightsPowerW > 0) expect(reading.lightsDimmingPct).toBeGreaterThanOrEqual(30);
          previous = reading;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('returns to its own policy once a setpoint has expired', () => {
    const noon = Date.UTC(2026, 5, 21) + SOLAR_NOON_UTC_MS;
    const state = createFleetState([aSegment({ battery: null, evConnectors: [] })], { seed: 5 });
    applySetpoint(state, aSetpoint({ pvLimitW: 0, ts: noon - HOUR_MS, validUntil: noon + 60_000 }), noon - HOUR_MS);
    const [curtailed] = stepFleet(state, noon, 0);
    const [free] = stepFleet(state, noon + 2 * 60_000, 2 * 60_000);
    expect(curtailed.pvPowerW).toBe(0);
    expect(free.pvPowerW).toBeGreaterThan(0);
    expect(state.segments[0].setpoints).toEqual([]);
  });

  it('knows what curtailed tiles would have made: uncurtailed ≥ actual PV, equal with no PV limit in force, and the PV of the same fleet left alone', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 15_000, noNaN: true }), ({ seed: s, fromTs, dtMs, steps }, pvLimitW) => {
        const curtailed = createFleetState(aCity(4), { seed: s });
        const alone = createFleetState(aCity(4), { seed: s });
        const twin = createFleetState(aCity(4), { seed: s });
        // Half the segments curtailed from the second step on, the other half never.
        const limitFromTs = fromTs + dtMs;
        for (const id of ['seg-0', 'seg-2']) for (const state of [curtailed, twin]) applySetpoint(state, aSetpoint({ segmentId: id, setpointId: id, pvLimitW, ts: limitFromTs, validUntil: fromTs + steps * dtMs }), fromTs);
        for (let k = 0; k < steps; k++) {
          const ts = fromTs + k * dtMs;
          const stepMs = k === 0 ? 0 : dtMs;
          const { readings, truth } = stepFleetWithTruth(curtailed, ts, stepMs);
          const free = stepFleet(alone, ts, stepMs);
          // The readings are stepFleet's own: exposing the truth changes nothing that is published.
          expect(readings).toEqual(stepFleet(twin, ts, stepMs));
          expect(truth.map((t) => [t.segmentId, t.ts])).toEqual(readings.map((r) => [r.segmentId, ts]));
          readings.forEach((reading, i) => {
            const limited = (reading.segmentId === 'seg-0' || reading.segmentId === 'seg-2') && ts - 1 >= limitFromTs;
            expect(truth[i].uncurtailedPvW).toBeGreaterThanOrEqual(reading.pvPowerW);
            if (!limited || truth[i].uncurtailedPvW <= pvLimitW) expect(truth[i].uncurtailedPvW).toBe(reading.pvPowerW);
            else expect(reading.pvPowerW).toBeLessThanOrEqual(pvLimitW + 0.05);
            expect(truth[i].uncurtailedPvW).toBe(free[i].pvPowerW);
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});
