/**
 * Measured quarter-hours as they are stored, one row per (segment, interval), regrouped as the models
 * want them: one record per interval with a value per segment of the fleet, NaN where the segment did
 * not report.
 */
import type { FleetInterval, FleetSegmentSpec } from './fleet-model';

/** One segment's 15-minute means (the telemetry_15m rollup). */
export interface QuarterHourObservation {
  readonly segmentId: string;
  /** Start of the 15-minute interval, epoch ms UTC. */
  readonly ts: number;
  readonly pvPowerW: number;
  readonly lightsPowerW: number;
  readonly evPowerW: number;
  /** Readings behind the averages (an interval with few is less certain). */
  readonly samples: number;
}

/** The observations of the fleet's segments by interval, in time order; a segment not in `segments` is left out. */
export function fleetIntervals(observations: readonly QuarterHourObservation[], segments: readonly Pick<FleetSegmentSpec, 'segmentId'>[]): FleetInterval[] {
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
