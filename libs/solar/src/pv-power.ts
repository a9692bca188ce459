// From irradiance and weather to power: plane of array → incidence-angle losses → cell temperature (SAPM) →
// PVWatts DC with a temperature coefficient → PVWatts inverter with AC clipping.
import { extraterrestrialWm2 } from './clear-sky';
import type { Irradiance } from './clear-sky';
import type { SunPosition } from './sun-position';
import { martinRuizDiffuseIam, martinRuizIam, planeOfArrayInto } from './transposition';
import type { PlaneOfArray, SkyDiffuseModel } from './transposition';

export interface PvArray {
  /** DC nameplate at STC, W. */
  peakPowerW: number;
  /** 0 = flat (sidewalk tiles). */
  tiltDeg: number;
  /** Degrees east of north the plane faces (180 = south). */
  azimuthDeg: number;
  /** Inverter AC rating, W: AC power is clipped here. */
  inverterLimitW: number;
  /** Power temperature coefficient, 1/°C (default −0.004, crystalline silicon). */
  tempCoeffPerC?: number;
  /** 'insulated-back' (default: tiles laid on the road, no back ventilation) or 'open-rack' (canopies). */
  mounting?: 'insulated-back' | 'open-rack';
  /** DC losses before the inverter: wiring, mismatch, connectors (default 0.05). */
  systemLossFraction?: number;
  /** Sky diffuse transposition (default 'hay-davies'). */
  skyDiffuseModel?: SkyDiffuseModel;
  /** Ground reflectance (default 0.2). */
  albedo?: number;
}

export interface Weather {
  irradiance: Irradiance;
  airTempC: number;
  /** Wind speed at 10 m, m/s. */
  windSpeedMs: number;
}

export interface PvPower {
  /** Plane-of-array irradiance before incidence-angle losses, W/m². */
  poaWm2: number;
  cellTempC: number;
  dcPowerW: number;
  acPowerW: number;
}

/** SAPM thermal coefficients (King et al. 2004, Table 2): a, b (s/m), ΔT (°C). */
const SAPM_COEFFICIENTS = {
  'insulated-back': { a: -2.81, b: -0.0455, deltaT: 0 },
  'open-rack': { a: -3.56, b: -0.075, deltaT: 3 },
} as const;

/** SAPM cell temperature (King et al. 2004) from plane-of-array irradiance, air temperature and 10 m wind. */
export function sapmCellTempC(poaWm2: number, airTempC: number, windSpeedMs: number, mounting: 'insulated-back' | 'open-rack'): number {
  const c = SAPM_COEFFICIENTS[mounting];
  const moduleTempC = poaWm2 * Math.exp(c.a + c.b * windSpeedMs) + airTempC;
  return moduleTempC + (poaWm2 / 1000) * c.deltaT;
}

/** PVWatts DC power: linear in effective irradiance, corrected by the temperature coefficient. */
export function pvwattsDcW(effectiveIrradianceWm2: number, cellTempC: number, peakPowerW: number, tempCoeffPerC: number): number {
  return Math.max((effectiveIrradianceWm2 / 1000) * peakPowerW * (1 + tempCoeffPerC * (cellTempC - 25)), 0);
}

/** PVWatts inverter (Dobos 2014): part-load efficiency curve, nominal 96 %, clipped at the AC rating. */
export function pvwattsAcW(dcPowerW: number, inverterLimitW: number, nominalEfficiency = 0.96): number {
  if (dcPowerW <= 0 || inverterLimitW <= 0) return 0;
  const dcRatingW = inverterLimitW / nominalEfficiency;
  const zeta = dcPowerW / dcRatingW;
  const efficiency = (nominalEfficiency / 0.9637) * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
  return Math.min(Math.max(efficiency * dcPowerW, 0), inverterLimitW);
}

const diffuseIamCache = new Map<number, { sky: number; ground: number }>();
const FLAT_DIFFUSE_IAM = martinRuizDiffuseIam(0);
function diffuseIam(tiltDeg: number): { sky: number; ground: number } {
  if (tiltDeg === 0) return FLAT_DIFFUSE_IAM;
  let iam = diffuseIamCache.get(tiltDeg);
  if (!iam) {
    iam = martinRuizDiffuseIam(tiltDeg);
    if (diffuseIamCache.size < 1024) diffuseIamCache.set(tiltDeg, iam);
  }
  return iam;
}

const scratchPoa: PlaneOfArray = { poaWm2: 0, beamWm2: 0, skyDiffuseWm2: 0, groundDiffuseWm2: 0, cosAoi: 0 };

/** Same as pvPower, writing into `out` (no allocation: for the simulator's inner loop). */
export function pvPowerInto(out: PvPower, array: PvArray, sun: SunPosition, weather: Weather, ts: number): PvPower {
  const poa = planeOfArrayInto(
    scratchPoa,
    array.tiltDeg,
    array.azimuthDeg,
    sun.apparentZenithDeg,
    sun.azimuthDeg,
    weather.irradiance,
    extraterrestrialWm2(ts),
    array.skyDiffuseModel ?? 'hay-davies',
    array.albedo ?? 0.2,
  );
  const iam = diffuseIam(array.tiltDeg);
  const effectiveWm2 = poa.beamWm2 * martinRuizIam(poa.cosAoi) + poa.skyDiffuseWm2 * iam.sky + poa.groundDiffuseWm2 * iam.ground;
  const cellTempC = sapmCellTempC(poa.poaWm2, weather.airTempC, weather.windSpeedMs, array.mounting ?? 'insulated-back');
  const dcPowerW = pvwattsDcW(effectiveWm2, cellTempC, array.peakPowerW, array.tempCoeffPerC ?? -0.004) * (1 - (array.systemLossFraction ?? 0.05));
  out.poaWm2 = poa.poaWm2;
  out.cellTempC = cellTempC;
  out.dcPowerW = dcPowerW;
  out.acPowerW = pvwattsAcW(dcPowerW, array.inverterLimitW);
  return out;
}

/** Power of one array for a sun position (computed once per location and `ts`) and weather. */
export function pvPower(array: PvArray, sun: SunPosition, weather: Weather, ts: number): PvPower {
  return pvPowerInto({ poaWm2: 0, cellTempC: 0, dcPowerW: 0, acPowerW: 0 }, array, sun, weather, ts);
}
