/**
 * @trottoir/simulator: a simulated fleet of solar sidewalk segments, pure and deterministic per seed
 * (the clock and the randomness are parameters). `createFleetState(segments, { seed })` then
 * `stepFleet(state, ts, dtMs)` gives one reading per segment (`stepFleetWithTruth` adds what no meter
 * shows: the PV curtailed tiles would have made); `applySetpoint` makes it obey dispatch.
 */
export { createFleetState, UnknownTimeZoneError } from './fleet-state';
export type { FleetOptions, FleetState, SegmentSimState } from './fleet-state';
export { stepFleet, stepFleetWithTruth } from './fleet-step';
export type { FleetStepTruth } from './fleet-step';
export { activeSetpoint, applySetpoint } from './setpoints';
export type { SetpointOutcome } from './setpoints';
export { CityWeather } from './city-weather';
export type { CityWeatherOptions, DayWeather, WeatherNow } from './city-weather';
export { boundingBoxOf, CloudField, MIN_CLEAR_SKY_INDEX } from './cloud-field';
export type { BoundingBox, CloudFieldOptions, GridPosition } from './cloud-field';

export { arrivalRatePerHour, drawSession, stepEvCharging } from './ev-charging';
export type { ChargingSession, ConnectorState, EvStep } from './ev-charging';
export { BATTERY_ONE_WAY_EFFICIENCY, stepBattery } from './battery';
export type { BatteryState } from './battery';
export { realTimeStartTs, stepDueAtMs, stepStampTs } from './step-schedule';
