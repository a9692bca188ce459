// @trottoir/solar: a pure solar model for solar sidewalk segments (sun position, clear sky, plane of array,
// cell temperature, DC/AC power, tile losses). No I/O, no framework: the simulator and the forecaster call it.
export { deltaTSeconds, geocentricSunPosition, pressureFromElevationHpa, sunPosition } from './sun-position';
export type { Atmosphere, GeoLocation, SunPosition } from './sun-position';
export {
  absoluteAirMass,
  clearSky,
  dayOfYear,
  extraterrestrialWm2,
  haurwitzGhiWm2,
  ineichenPerez,
  relativeAirMass,
  SOLAR_CONSTANT_WM2,
} from './clear-sky';
export type { ClearSkyOptions, IneichenOptions, Irradiance } from './clear-sky';
export { EUROPE_MONTHLY_LINKE, linkeTurbidityAt } from './linke.table';
export { cosAngleOfIncidence, martinRuizDiffuseIam, martinRuizIam, planeOfArrayInto } from './transposition';
export type { PlaneOfArray, SkyDiffuseModel } from './transposition';
export { pvPower, pvPowerInto, pvwattsAcW, pvwattsDcW, sapmCellTempC } from './pv-power';
export type { PvArray, PvPower, Weather } from './pv-power';
export { createTileLosses, hashUnit, TILE_LOSS_PROFILES, TILE_PEAK_POWER_W_PER_M2 } from './tile-losses';
export type { SegmentKind, TileLossContext, TileLosses, TileLossOptions, TileLossProfile } from './tile-losses';
