/**
 * Validates one telemetry reading against its segment's ratings and the receiver's clock. Pure: the
 * segment and the clock are arguments, so the same rules run in the Kafka consumer and the HTTP
 * endpoint, and in property tests. Checks run from the cheapest and most basic (schema, finiteness,
 * timestamps) to the ones that need the segment, and the first failure is reported.
 */
import type { Segment, SegmentTelemetry } from '@trottoir/contracts';

/** What validation reads of a segment: a protobuf `Segment` is one, and so is a registry's lean record. */
export type SegmentRatings = Pick<Segment, 'commissionedAt'> & { readonly pv?: { readonly peakPowerW: number } };

import type { Rejection, RejectCode } from './reject-code';
import type { ValidationLimits } from './validation-limits';
import { DEFAULT_VALIDATION_LIMITS } from './validation-limits';

export type ValidationResult = { readonly ok: true; readonly late: boolean } | ({ readonly ok: false } & Rejection);

const NUMBER_FIELDS = [
  'ts',
  'pvPowerW',
  'lightsPowerW',
  'evPowerW',
  'batteryPowerW',
  'batterySocPct',
  'netPowerW',
  'meterImportWh',
  'meterExportWh',
  'lightsDimmingPct',
] as const;

function reject(code: RejectCode, detail: string): ValidationResult {
  return { ok: false, code, detail };
}

function iso(ts: number): string {
  return Number.isFinite(ts) && Math.abs(ts) < 8.64e15 ? new Date(ts).toISOString() : String(ts);
}

function checkSchema(reading: SegmentTelemetry): ValidationResult | undefined {
  if (reading.segmentId.trim() === '') return reject('SCHEMA_INVALID', 'segmentId is empty');
  for (const field of NUMBER_FIELDS) {
    const value = reading[field];
    if (value !== undefined && !Number.isFinite(value)) return reject('NOT_FINITE', `${field} is ${value}`);
  }
  if (!Number.isInteger(reading.ts)) return reject('TS_NOT_INTEGER', `ts ${reading.ts} is not a whole number of milliseconds`);
  return undefined;
}

function checkClock(reading: SegmentTelemetry, nowTs: number, limits: ValidationLimits): ValidationResult | undefined {
  if (reading.ts > nowTs + limits.clockSkewMs) {
    return reject('TS_IN_FUTURE', `ts ${iso(reading.ts)} is ${reading.ts - nowTs} ms ahead of ${iso(nowTs)} (allowance ${limits.clockSkewMs} ms)`);
  }
  if (reading.ts < nowTs - limits.lateWindowMs) {
    return reject('TOO_LATE', `ts ${iso(reading.ts)} is older than the ${limits.lateWindowMs} ms late-data window`);
  }
  return undefined;
}

function checkAgainstSegment(reading: SegmentTelemetry, segment: SegmentRatings, limits: ValidationLimits): ValidationResult | undefined {
  if (reading.ts < segment.commissionedAt) {
    return reject('TS_BEFORE_COMMISSIONING', `ts ${iso(reading.ts)} is before commissioning at ${iso(segment.commissionedAt)}`);
  }
  if (reading.pvPowerW < 0) return reject('PV_NEGATIVE', `pvPowerW ${reading.pvPowerW} < 0`);
  const pvLimitW = limits.pvRatingFactor * (segment.pv?.peakPowerW ?? 0);
  if (reading.pvPowerW > pvLimitW) {
    return reject('PV_ABOVE_RATING', `pvPowerW ${reading.pvPowerW} > ${limits.pvRatingFactor} × ${segment.pv?.peakPowerW ?? 0} W peak`);
  }
  const soc = reading.batterySocPct;
  if (soc !== undefined && (soc < 0 || soc > 100)) return reject('SOC_OUT_OF_RANGE', `batterySocPct ${soc} outside 0–100`);
  return undefined;
}

function checkRanges(reading: SegmentTelemetry, limits: ValidationLimits): ValidationResult | undefined {
  for (const field of ['lightsPowerW', 'evPowerW'] as const) {
    if (reading[field] < 0 || reading[field] > limits.maxPowerW) return reject('OUT_OF_RANGE', `${field} ${reading[field]} outside 0–${limits.maxPowerW}`);
  }
  for (const field of ['batteryPowerW', 'netPowerW'] as const) {
    if (Math.abs(reading[field]) > limits.maxPowerW) return reject('OUT_OF_RANGE', `|${field}| ${reading[field]} > ${limits.maxPowerW}`);
  }
  for (const field of ['meterImportWh', 'meterExportWh'] as const) {
    if (reading[field] < 0 || reading[field] > limits.maxMeterWh) return reject('OUT_OF_RANGE', `${field} ${reading[field]} outside 0–${limits.maxMeterWh}`);
  }
  const dimming = reading.lightsDimmingPct;
  if (dimming !== undefined && (dimming < 0 || dimming > 100)) return reject('OUT_OF_RANGE', `lightsDimmingPct ${dimming} outside 0–100`);
  if (reading.evSessionsActive > limits.maxEvSessions) {
    return reject('OUT_OF_RANGE', `evSessionsActive ${reading.evSessionsActive} > ${limits.maxEvSessions}`);
  }
  return undefined;
}

/**
 * `ok` with `late` (older than `lateThresholdMs`: store it and re-aggregate its interval), or the
 * first rule the reading breaks. `segment` is the registry's record, undefined when the id is unknown.
 */
export function validateReading(
  reading: SegmentTelemetry,
  segment: SegmentRatings | undefined,
  nowTs: number,
  limits: ValidationLimits = DEFAULT_VALIDATION_LIMITS,
): ValidationResult {
  const basic = checkSchema(reading);
  if (basic) return basic;
  if (segment === undefined) return reject('UNKNOWN_SEGMENT', `segment ${JSON.stringify(reading.segmentId)} is not registered`);
  const failure = checkClock(reading, nowTs, limits) ?? checkAgainstSegment(reading, segment, limits) ?? checkRanges(reading, limits);
  return failure ?? { ok: true, late: reading.ts < nowTs - limits.lateThresholdMs };
}
