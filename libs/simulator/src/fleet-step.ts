/**
 * One step of the whole fleet: everything that is the same for the city (sun position, clear sky,
 * weather, cloud field on its coarse grid, local time, lighting policy) is computed once, then each
 * segment does a few dozen multiplications: PV under its cloud and losses (curtailed by a setpoint),
 * street lights, EV charging, battery, and the meter. Readings follow the contract's sign convention:
 * net power at the connection point, import positive, export negative.
 */
import type { SegmentTelemetry } from '@trottoir/contracts';
import { clearSky, pvPowerInto, sunPosition } from '@trottoir/solar';
import type { Irradiance, PvPower, SunPosition, Weather } from '@trottoir/solar';

import { stepBattery } from './battery';
import { stepEvCharging } from './ev-charging';
import type { FleetState, SegmentSimState } from './fleet-state';
import { activeSetpoint } from './setpoints';
import { localHourOf, localTimeOf, policyDimmingPct, segmentDimmingPct } from '@trottoir/kernel';
import type { LocalTime } from '@trottoir/kernel';

const DEG = Math.PI / 180;

/** What the city looks like at one instant; shared by every segment of a step. */
interface CityInstant {
  ts: number;
  dtH: number;
  sun: SunPosition;
  clearSky: Irradiance;
  cosZenith: number;
  cloudSamples: Float64Array;
  airTempC: number;
  windSpeedMs: number;
  rainMmLastDay: number;
  local: LocalTime;
  policyDimmingPct: number;
}

/**
 * What the simulator knows and no meter shows, per reading of a step (same order as the readings): the
 * ground truth that settlement's estimates are measured against.
 */
export interface FleetStepTruth {
  segmentId: string;
  ts: number;
  /** The PV the tiles would have produced with no setpoint limiting them, W (rounded like `pvPowerW`; equal to it when none did). */
  uncurtailedPvW: number;
}

/**
 * Advances the fleet over the interval (ts − dtMs, ts] and returns one reading per commissioned
 * segment at `ts`. Powers are those at `ts`, held over the interval for the energy registers; the
 * first step (dtMs = 0) adds no energy. Mutates `state` (sessions, SoC, registers, soiling).
 */
export function stepFleet(state: FleetState, ts: number, dtMs: number): SegmentTelemetry[] {
  return step(state, ts, dtMs, undefined);
}

/** `stepFleet` with the truth of each reading beside it; the readings are the same as `stepFleet`'s. */
export function stepFleetWithTruth(state: FleetState, ts: number, dtMs: number): { readings: SegmentTelemetry[]; truth: FleetStepTruth[] } {
  const truth: FleetStepTruth[] = [];
  return { readings: step(state, ts, dtMs, truth), truth };
}

function step(state: FleetState, ts: number, dtMs: number, truth: FleetStepTruth[] | undefined): SegmentTelemetry[] {
  const city = cityAt(state, ts, dtMs);
  const readings: SegmentTelemetry[] = [];
  const scratch = { weather: { irradiance: { ghiWm2: 0, dniWm2: 0, dhiWm2: 0 }, airTempC: city.airTempC, windSpeedMs: city.windSpeedMs }, pv: { poaWm2: 0, cellTempC: 0, dcPowerW: 0, acPowerW: 0 }, uncurtailedPvW: 0 };
  for (const segment of state.segments) {
    if (segment.segment.commissionedAt > ts) continue;
    const reading = stepSegment(state, segment, city, scratch);
    readings.push(reading);
    truth?.push({ segmentId: reading.segmentId, ts, uncurtailedPvW: round1(scratch.uncurtailedPvW) });
  }
  return readings;
}

function cityAt(state: FleetState, ts: number, dtMs: number): CityInstant {
  const sun = sunPosition(ts, state.location);
  const weather = state.weather.at(ts);
  const local = localTimeOf(ts, state.timeZone);
  return {
    ts,
    dtH: Math.max(0, dtMs) / 3_600_000,
    sun,
    clearSky: clearSky(ts, state.location, sun, { perezEnhancement: state.perezEnhancement }),
    cosZenith: Math.max(0, Math.cos(sun.apparentZenithDeg * DEG)),
    cloudSamples: state.clouds.sample(ts),
    airTempC: weather.airTempC,
    windSpeedMs: weather.windSpeedMs,
    rainMmLastDay: weather.rainMmLastDay,
    local,
    // The policy's window is read on its own clock (the city's unless the policy says otherwise).
    policyDimmingPct: policyDimmingPct(state.policy, sun.apparentElevationDeg, state.policy.timeZone === state.timeZone ? local.hour : localHourOf(ts, state.policy.timeZone)),
  };
}

function stepSegment(state: FleetState, sim: SegmentSimState, city: CityInstant, scratch: { weather: Weather; pv: PvPower; uncurtailedPvW: number }): SegmentTelemetry {
  const { segment } = sim;
  // A reading stamped at the end of its interval reports that interval: the setpoint in force is the
  // one in force just before the stamp (one ending at the stamp still governed the interval).
  const setpoint = activeSetpoint(sim, city.ts - 1);

  let pvW = 0;
  scratch.uncurtailedPvW = 0;
  if (city.clearSky.ghiWm2 > 0 && sim.pvArray.peakPowerW > 0) {
    const index = state.clouds.valueAt(city.cloudSamples, sim.cloudPosition);
    underClouds(scratch.weather.irradiance, city.clearSky, city.cosZenith, index);
    pvPowerInto(scratch.pv, sim.pvArray, city.sun, scratch.weather, city.ts);
    pvW = scratch.pv.acPowerW * sim.losses.factorAt(city.ts, { rainMmLastDay: city.rainMmLastDay });
    scratch.uncurtailedPvW = pvW;
    if (setpoint?.pvLimitW !== undefined) pvW = Math.min(pvW, Math.max(0, setpoint.pvLimitW));
  }

  const lighting = segment.lighting;
  const dimmingPct = lighting && lighting.count > 0 ? segmentDimmingPct(city.policyDimmingPct, lighting.minDimmingPct, setpoint?.lightsDimmingPct) : 0;
  const lightsW = lighting ? (lighting.count * lighting.ratedPowerWEach * dimmingPct) / 100 : 0;

  const ev = sim.connectors.length > 0 ? stepEvCharging(sim.connectors, segment.kind, city.local, city.ts, city.dtH, setpoint?.evLimitW, sim.random) : { powerW: 0, sessionsActive: 0 };

  const pvPowerW = round1(pvW);
  const lightsPowerW = round1(lightsW);
  const evPowerW = round1(ev.powerW);
  let batteryPowerW = 0;
  if (segment.battery && sim.battery) {
    batteryPowerW = round1(stepBattery(segment.battery, sim.battery, lightsPowerW + evPowerW - pvPowerW, setpoint?.batteryPowerW, city.dtH));
  }
  const netPowerW = round1(lightsPowerW + evPowerW + batteryPowerW - pvPowerW);
  if (netPowerW > 0) sim.importWh += netPowerW * city.dtH;
  else sim.exportWh -= netPowerW * city.dtH;

  return {
    $typeName: 'trottoir.telemetry.v1.SegmentTelemetry',
    segmentId: segment.segmentId,
    ts: city.ts,
    pvPowerW,
    lightsPowerW,
    evPowerW,
    batteryPowerW,
    batterySocPct: sim.battery ? Math.round(sim.battery.socPct * 100) / 100 : undefined,
    netPowerW,
    meterImportWh: Math.round(sim.importWh * 10) / 10,
    meterExportWh: Math.round(sim.exportWh * 10) / 10,
    lightsDimmingPct: lighting && lighting.count > 0 ? dimmingPct : undefined,
    evSessionsActive: ev.sessionsActive,
  };
}

/**
 * Irradiance under a clear-sky index: GHI scales with it; the beam fades faster (a cloud in front
 * of the sun removes it, at an index of 0.3 and below the sky is all diffuse) and the rest is diffuse.
 */
function underClouds(out: Irradiance, clear: Irradiance, cosZenith: number, index: number): void {
  const beamShare = index >= 1 ? 1 : index <= 0.3 ? 0 : ((index - 0.3) / 0.7) ** 1.5;
  out.ghiWm2 = clear.ghiWm2 * index;
  out.dniWm2 = clear.dniWm2 * beamShare;
  out.dhiWm2 = Math.max(0, out.ghiWm2 - out.dniWm2 * cosZenith);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
