/**
 * EV charging sessions, per connector: cars arrive at a rate that depends on the hour of the week and
 * the setting (commuters in car parks, residents in the evening on streets, fast charging on roads),
 * stay for a dwell time, want some energy, and charge at the lowest of the connector's, the car's and
 * the setpoint's limit until they have it or leave.
 */
import { HOUR_MS } from '@trottoir/kernel';
import { EvCurrentType, SegmentKind } from '@trottoir/contracts';
import type { EvConnector } from '@trottoir/contracts';

import type { Prng } from '@trottoir/kernel';

export interface ChargingSession {
  departureTs: number;
  remainingWh: number;
  /** What the car accepts, W (on-board charger for AC, battery limit for DC). */
  vehicleMaxW: number;
}

export interface ConnectorState {
  connector: EvConnector;
  session?: ChargingSession;
}

// Arrivals per connector per hour, local time, index 0–23.
const CAR_PARK_WEEKDAY = [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.1, 0.35, 0.4, 0.25, 0.15, 0.15, 0.2, 0.2, 0.15, 0.15, 0.15, 0.2, 0.2, 0.1, 0.1, 0.05, 0.03, 0.02];
const CAR_PARK_WEEKEND = [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.25, 0.2, 0.2, 0.25, 0.25, 0.2, 0.15, 0.1, 0.08, 0.05, 0.03, 0.02, 0.01];
const STREET_WEEKDAY = [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.08, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.12, 0.2, 0.25, 0.25, 0.2, 0.12, 0.06, 0.03];
const STREET_WEEKEND = [0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.12, 0.14, 0.14, 0.12, 0.12, 0.14, 0.14, 0.14, 0.16, 0.18, 0.18, 0.14, 0.1, 0.05, 0.03];
const FAST_CHARGE = [0.05, 0.03, 0.02, 0.02, 0.03, 0.05, 0.1, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.4, 0.35, 0.35, 0.4, 0.45, 0.4, 0.3, 0.2, 0.15, 0.1, 0.07];

/** Expected arrivals per hour at one connector. */
export function arrivalRatePerHour(kind: SegmentKind, current: EvCurrentType, hourOfWeek: number): number {
  const hour = hourOfWeek % 24;
  const weekend = hourOfWeek >= 5 * 24;
  if (current === EvCurrentType.DC) return FAST_CHARGE[hour] * (weekend ? 0.8 : 1);
  if (kind === SegmentKind.CAR_PARK) return (weekend ? CAR_PARK_WEEKEND : CAR_PARK_WEEKDAY)[hour];
  return (weekend ? STREET_WEEKEND : STREET_WEEKDAY)[hour];
}

/** A new session arriving at `ts`: dwell, energy need and car acceptance drawn for the setting. */
export function drawSession(kind: SegmentKind, connector: EvConnector, localHour: number, ts: number, random: Prng): ChargingSession {
  if (connector.current === EvCurrentType.DC) {
    return { departureTs: ts + random.between(0.3, 0.8) * HOUR_MS, remainingWh: random.between(15_000, 50_000), vehicleMaxW: random.between(50_000, 150_000) };
  }
  let dwellH: number;
  if (kind === SegmentKind.CAR_PARK && localHour >= 6 && localHour < 10) dwellH = random.between(5, 9);
  else if (kind !== SegmentKind.CAR_PARK && localHour >= 17) dwellH = random.between(9, 14);
  else dwellH = random.between(0.5, 3);
  const acceptance = [7_400, 11_000, 22_000][random.int(0, 2)];
  return { departureTs: ts + dwellH * HOUR_MS, remainingWh: random.between(5_000, 35_000), vehicleMaxW: acceptance };
}

export interface EvStep {
  powerW: number;
  sessionsActive: number;
}

/**
 * Advances a segment's connectors over the step ending at `ts` (`dtH` hours): departures, arrivals,
 * then charging, scaled down together when the setpoint's limit is below what the cars want.
 */
export function stepEvCharging(
  connectors: readonly ConnectorState[],
  kind: SegmentKind,
  local: { hour: number; hourOfWeek: number },
  ts: number,
  dtH: number,
  limitW: number | undefined,
  random: Prng,
): EvStep {
  let demandW = 0;
  let sessionsActive = 0;
  for (const state of connectors) {
    if (state.session && ts >= state.session.departureTs) state.session = undefined;
    if (!state.session) {
      const arrivalProbability = 1 - Math.exp(-arrivalRatePerHour(kind, state.connector.current, local.hourOfWeek) * dtH);
      if (random.next() < arrivalProbability) state.session = drawSession(kind, state.connector, local.hour, ts, random);
    }
    if (state.session) {
      sessionsActive++;
      demandW += sessionDemandW(state, dtH);
    }
  }
  if (demandW <= 0) return { powerW: 0, sessionsActive };
  const scale = limitW === undefined ? 1 : Math.min(1, Math.max(0, limitW) / demandW);
  let powerW = 0;
  for (const state of connectors) {
    if (!state.session) continue;
    const sessionW = sessionDemandW(state, dtH) * scale;
    state.session.remainingWh = Math.max(0, state.session.remainingWh - sessionW * dtH);
    powerW += sessionW;
  }
  return { powerW, sessionsActive };
}

function sessionDemandW(state: ConnectorState, dtH: number): number {
  const session = state.session;
  if (!session || session.remainingWh <= 0 || dtH <= 0) return 0;
  return Math.min(state.connector.maxPowerW, session.vehicleMaxW, session.remainingWh / dtH);
}
