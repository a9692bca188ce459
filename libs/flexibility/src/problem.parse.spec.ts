/** The problem file: version 1 exactly, and every refusal names its field. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DispatchProblemError, parseDispatchProblem } from './problem.parse';
import { aBattery, aProblem } from './testing/problem.factory';

const example = (name: string): string => readFileSync(path.join(__dirname, '../examples', name), 'utf8');

function issuesOf(input: unknown): string[] {
  try {
    parseDispatchProblem(input);
  } catch (error) {
    if (error instanceof DispatchProblemError) return error.issues;
    throw error;
  }
  return [];
}

describe('parseDispatchProblem', () => {
  it('reads the example files, from text and from an object alike', () => {
    for (const name of ['evening-peak.json', 'midday-export.json']) {
      const text = example(name);
      const problem = parseDispatchProblem(text);
      expect(problem.version).toBe(1);
      expect(problem.segments.length).toBeGreaterThan(1);
      expect(parseDispatchProblem(JSON.parse(text))).toEqual(problem);
    }
  });

  it('names the field path of a departure outside the horizon', () => {
    const segments = Array.from({ length: 13 }, (_, i) => ({ id: `s${i}` }));
    const problem = aProblem(4, [...segments.slice(0, 12), { id: 's12', ev: { plannedW: [0, 0, 0, 0], maxW: 7400, needWh: 0, departureIsp: 5, shiftCostPerKWh: 0.1 } }]);
    expect(issuesOf(problem)).toEqual(['segments[12].ev.departureIsp: must be an integer in [0, 4]']);
    expect(() => parseDispatchProblem(problem)).toThrow('segments[12].ev.departureIsp: must be an integer in [0, 4]');
  });

  it('refuses a wrong version, unknown keys, NaN, negative ratings and arrays of the wrong length', () => {
    expect(issuesOf({ ...aProblem(1, []), version: 2 })).toEqual(['version: must be 1, not 2']);
    expect(issuesOf({ ...aProblem(1, [{ id: 'a' }]), extra: true })).toEqual(['extra: unknown key']);
    expect(issuesOf(aProblem(1, [{ id: 'a', pv: { availableW: [NaN], curtailCostPerKWh: 0.1 } }]))).toEqual(['segments[0].pv.availableW[0]: must be a finite number']);
    expect(issuesOf(aProblem(2, [{ id: 'a', pv: { availableW: [1], curtailCostPerKWh: 0.1 } }]))).toEqual(['segments[0].pv.availableW: must hold 2 values (one per ISP), not 1']);
    expect(issuesOf(aProblem(1, [{ id: 'a', battery: aBattery({ maxChargeW: -1 }) }]))).toEqual(['segments[0].battery.maxChargeW: must not be negative']);
    expect(issuesOf(aProblem(1, [{ id: 'a', lights: { plannedW: [10], minPct: 30, dimCostPerKWh: 0.1, colour: 'warm' } as never }]))).toEqual(['segments[0].lights.colour: unknown key']);
  });

  it('refuses inconsistent values with their reason', () => {
    expect(issuesOf(aProblem(1, [{ id: 'a' }, { id: 'a' }]))).toEqual(['segments[1].id: duplicate id "a"']);
    expect(issuesOf(aProblem(1, [{ id: 'a', battery: aBattery({ socWh: 9_500 }) }]))).toEqual(['segments[0].battery.socWh: must be in [minWh, maxWh] = [1000, 9000]']);
    expect(issuesOf(aProblem(1, [{ id: 'a', battery: aBattery({ efficiency: 0 }) }]))).toEqual(['segments[0].battery.efficiency: must be in (0, 1]']);
    expect(issuesOf(aProblem(2, [], { order: [{ isp: 1, deltaW: 0 }] }))).toEqual(['order[0].deltaW: must not be 0 (leave an ISP without a change out of the order)']);
    expect(issuesOf(aProblem(2, [], { order: [{ isp: 1, deltaW: 5 }, { isp: 1, deltaW: 6 }] }))).toEqual(['order[1].isp: ISP 1 is ordered twice']);
    expect(issuesOf(aProblem(2, [], { order: [] }))).toEqual(['order: must hold at least one ISP']);
    expect(issuesOf(aProblem(2, [], { start: 1 }))).toEqual(['start: must be an ISP boundary (a multiple of ispMs = 900000)']);
    expect(issuesOf(aProblem(1, [{ id: 'a', lights: { plannedW: [10], minPct: 130, dimCostPerKWh: 0.1 } }]))).toEqual(['segments[0].lights.minPct: must be in [0, 100]']);
  });

  it('accepts an EV plan that does not meet its need (a forecast), and reports every missing field at once', () => {
    const forecast = aProblem(2, [{ id: 'a', ev: { plannedW: [7400, 7400], maxW: 7400, needWh: 100, departureIsp: 2, shiftCostPerKWh: 0.1 } }]);
    expect(issuesOf(forecast)).toEqual([]);
    expect(issuesOf({ version: 1 })).toEqual(['ispMs: missing', 'start: missing', 'isps: missing', 'node: missing', 'order: missing', 'shortfallPricePerKWh: missing', 'segments: missing']);
    expect(issuesOf('{"version":')).toEqual([expect.stringMatching(/^not JSON: /)]);
  });
});
