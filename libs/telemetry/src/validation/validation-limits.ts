/** The tolerances of telemetry validation; defaults match DESIGN (7-day late window, PV up to 1.2 × kWp). */
import { DAY_MS, MINUTE_MS } from '@trottoir/kernel';
export interface ValidationLimits {
  /** How far ahead of the receiver's clock a reading's ts may be (device clocks drift), ms. */
  readonly clockSkewMs: number;
  /** Readings older than this at ingest are rejected as TOO_LATE, ms. */
  readonly lateWindowMs: number;
  /** Readings older than this at ingest are late: stored, and their interval is re-aggregated, ms. */
  readonly lateThresholdMs: number;
  /** PV power may exceed the rated peak power by this factor (cold, bright edge-of-cloud moments). */
  readonly pvRatingFactor: number;
  /** Bound on any power magnitude of one segment, W: larger values are sensor or encoding faults. */
  readonly maxPowerW: number;
  /** Bound on the cumulative meter registers, Wh. */
  readonly maxMeterWh: number;
  /** Bound on simultaneous EV sessions on one segment. */
  readonly maxEvSessions: number;
}

export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = {
  clockSkewMs: 5 * MINUTE_MS,
  lateWindowMs: 7 * DAY_MS,
  lateThresholdMs: 2 * MINUTE_MS,
  pvRatingFactor: 1.2,
  maxPowerW: 1_000_000,
  maxMeterWh: 1e13,
  maxEvSessions: 64,
};
