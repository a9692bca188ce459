/**
 * Stored quarter-hour rows (segment, interval) regrouped as the models want them: one record per
 * interval with a value per segment of the fleet, NaN where the segment did not report.
 */
import type { FleetInterval, FleetSegmentSpec } from '@trottoir/forecasting-domain';

import type { QuarterHourObservation } from '../cycle/rollup-history.reader';

export function fleetIntervals(observations: readonly QuarterHourObservation[], segments: readonly FleetSegmentSpec[]): FleetInterval[] {
  const index = new Map(segments.map((segment, i) => [segment.segmentId, i]));
  const byTs = new Map<number, FleetInterval>();
  for (const observation of observations) {
    const i = index.get(observation.segmentId);
    if (i === undefined) continue;
    let interval = byTs.get(observation.ts);
    if (!interval) {
      const empty = () => new Float64Array(segments.length).fill(Number.NaN);
      interval = { ts: observation.ts, pvW: empty(), lightsW: empty(), evW: empty() };
      byTs.set(observation.ts, interval);
    }
    interval.pvW[i] = observation.pvPowerW;
    interval.lightsW[i] = observation.lightsPowerW;
    interval.evW[i] = observation.evPowerW;
  }
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}
