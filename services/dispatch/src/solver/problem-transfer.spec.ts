import type { DispatchProblem, DispatchSegment } from '@trottoir/flexibility';
import fc from 'fast-check';

import { packProblem, unpackProblem } from './problem-transfer';

const watts = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const series = (isps: number) => fc.array(watts, { minLength: isps, maxLength: isps });

function problemOf(isps: number): fc.Arbitrary<DispatchProblem> {
  const segment: fc.Arbitrary<DispatchSegment> = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 12 }).filter((id) => !id.includes('\n')),
      pv: fc.record({ availableW: series(isps), curtailCostPerKWh: watts }),
      lights: fc.record({ plannedW: series(isps), minPct: watts, dimCostPerKWh: watts }),
      ev: fc.record({ plannedW: series(isps), maxW: watts, needWh: watts, departureIsp: fc.integer({ min: 0, max: isps }), shiftCostPerKWh: watts }),
      battery: fc.record({ socWh: watts, minWh: watts, maxWh: watts, maxChargeW: watts, maxDischargeW: watts, efficiency: watts, cycleCostPerKWh: watts }),
    },
    { requiredKeys: ['id'] },
  );
  return fc.record({
    version: fc.constant(1 as const),
    ispMs: fc.constant(900_000),
    start: fc.integer({ min: 0, max: 2e12 }),
    isps: fc.constant(isps),
    node: fc.record({ id: fc.string(), baselineW: series(isps), importLimitW: watts, exportLimitW: watts }),
    order: fc.array(fc.record({ isp: fc.integer({ min: 0, max: isps - 1 }), deltaW: watts }), { maxLength: isps }),
    shortfallPricePerKWh: watts,
    segments: fc.array(segment, { maxLength: 30 }),
  });
}

describe('problem transfer to the solver worker', () => {
  it('unpacks exactly what was packed, optional blocks absent where they were', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((isps) => problemOf(isps)),
        (problem) => {
          const packed = packProblem(problem);
          // What crosses the thread boundary is a clone: the numbers must survive one.
          const unpacked = unpackProblem(structuredClone(packed));
          expect(unpacked).toEqual(problem);
          unpacked.segments.forEach((segment, i) => expect(Object.keys(segment).sort()).toEqual(Object.keys(problem.segments[i]).sort()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses what it could not give back', () => {
    const problem: DispatchProblem = { version: 1, ispMs: 900_000, start: 0, isps: 2, node: { id: 'n', baselineW: [0, 0], importLimitW: 1, exportLimitW: 1 }, order: [], shortfallPricePerKWh: 1, segments: [{ id: 'a\nb' }] };
    expect(() => packProblem(problem)).toThrow(/newline/);
    expect(() => packProblem({ ...problem, segments: [{ id: 'a', pv: { availableW: [1], curtailCostPerKWh: 0 } }] })).toThrow(/1 values in a problem of 2 ISPs/);
  });
});
