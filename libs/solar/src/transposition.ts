// Plane-of-array irradiance: beam + sky diffuse (isotropic or Hay–Davies 1980) + ground-reflected, and
// incidence-angle modifiers (Martin & Ruiz 2001) for beam and, integrated, for sky and ground diffuse.
import type { Irradiance } from './clear-sky';

const DEG = Math.PI / 180;

export type SkyDiffuseModel = 'isotropic' | 'hay-davies';

export interface PlaneOfArray {
  /** Total, before incidence-angle losses, W/m². */
  poaWm2: number;
  beamWm2: number;
  skyDiffuseWm2: number;
  groundDiffuseWm2: number;
  /** cos of the angle of incidence of the beam on the plane (may be negative: sun behind the plane). */
  cosAoi: number;
}

/** cos(angle of incidence) of the sun on a plane tilted `tiltDeg` facing `surfaceAzimuthDeg` (east of north). */
export function cosAngleOfIncidence(tiltDeg: number, surfaceAzimuthDeg: number, zenithDeg: number, sunAzimuthDeg: number): number {
  const z = zenithDeg * DEG;
  const t = tiltDeg * DEG;
  return Math.cos(z) * Math.cos(t) + Math.sin(z) * Math.sin(t) * Math.cos((sunAzimuthDeg - surfaceAzimuthDeg) * DEG);
}

/** Fills `out` (no allocation in hot loops) with the plane-of-array components. */
export function planeOfArrayInto(
  out: PlaneOfArray,
  tiltDeg: number,
  surfaceAzimuthDeg: number,
  zenithDeg: number,
  sunAzimuthDeg: number,
  irradiance: Irradiance,
  dniExtraWm2: number,
  model: SkyDiffuseModel = 'hay-davies',
  albedo = 0.2,
): PlaneOfArray {
  const cosAoi = cosAngleOfIncidence(tiltDeg, surfaceAzimuthDeg, zenithDeg, sunAzimuthDeg);
  const cosTilt = Math.cos(tiltDeg * DEG);
  const isotropicView = (1 + cosTilt) / 2;
  const sunUp = zenithDeg < 90;
  const beamWm2 = sunUp ? irradiance.dniWm2 * Math.max(cosAoi, 0) : 0;
  let skyDiffuseWm2 = irradiance.dhiWm2 * isotropicView;
  if (model === 'hay-davies' && sunUp && dniExtraWm2 > 0) {
    // Anisotropy index: the share of diffuse that comes from the circumsolar region, projected like the beam.
    const anisotropy = Math.min(Math.max(irradiance.dniWm2 / dniExtraWm2, 0), 1);
    const rb = Math.max(cosAoi, 0) / Math.max(Math.cos(zenithDeg * DEG), 0.01745);
    skyDiffuseWm2 = irradiance.dhiWm2 * (anisotropy * rb + (1 - anisotropy) * isotropicView);
  }
  const groundDiffuseWm2 = irradiance.ghiWm2 * albedo * (1 - cosTilt) / 2;
  out.beamWm2 = beamWm2;
  out.skyDiffuseWm2 = Math.max(skyDiffuseWm2, 0);
  out.groundDiffuseWm2 = groundDiffuseWm2;
  out.poaWm2 = beamWm2 + out.skyDiffuseWm2 + groundDiffuseWm2;
  out.cosAoi = cosAoi;
  return out;
}

/** Martin & Ruiz (2001) beam incidence-angle modifier; `ar` = 0.16 for a typical glass or resin front. */
export function martinRuizIam(cosAoi: number, ar = 0.16): number {
  if (cosAoi <= 0) return 0;
  return (1 - Math.exp(-cosAoi / ar)) / (1 - Math.exp(-1 / ar));
}

function martinRuizDiffuse(betaRad: number, ar: number): number {
  const c1 = 4 / (3 * Math.PI);
  const c2 = 0.5 * ar - 0.154;
  const sinB = Math.sin(betaRad);
  const f = sinB + (Math.PI - betaRad - sinB) / (1 + Math.cos(betaRad));
  return 1 - Math.exp(-(c1 * f + c2 * f * f) / ar);
}

/** Martin & Ruiz integrated modifiers for isotropic sky and ground diffuse on a plane of tilt `tiltDeg`. */
export function martinRuizDiffuseIam(tiltDeg: number, ar = 0.16): { sky: number; ground: number } {
  const beta = Math.min(Math.max(tiltDeg, 1e-6), 180 - 1e-6) * DEG;
  return { sky: martinRuizDiffuse(beta, ar), ground: martinRuizDiffuse(Math.PI - beta, ar) };
}
