// Sun position by the NREL Solar Position Algorithm (Reda & Andreas 2004, NREL/TP-560-34302), ±0.0003° in
// zenith and azimuth over −2000…6000, with atmospheric refraction. The time-only part (heliocentric terms,
// nutation, sidereal time) is cached for the last timestamp, so many locations at one `ts` pay for it once.
import { B_TERMS, L_TERMS, NUTATION_TERMS, R_TERMS } from './spa.tables';

export interface GeoLocation {
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
}

export interface SunPosition {
  /** Topocentric zenith with refraction (what a tile sees), degrees. */
  apparentZenithDeg: number;
  /** Topocentric zenith without refraction, degrees. */
  zenithDeg: number;
  /** Degrees east of north (0 = N, 90 = E, 180 = S). */
  azimuthDeg: number;
  apparentElevationDeg: number;
}

export interface Atmosphere {
  /** Local annual mean pressure, hPa (default from elevation, standard atmosphere). */
  pressureHpa?: number;
  /** Local annual mean air temperature, °C (default 12). */
  airTempC?: number;
  /** TT − UT1 in seconds (default: Espenak & Meeus polynomial for the year, see deltaTSeconds). */
  deltaTSeconds?: number;
}

const DEG = Math.PI / 180;
/** Sun radius (0.26667°) plus refraction at the horizon (0.5667°): below this no refraction is applied (SPA A.4). */
const REFRACTION_LIMIT_DEG = -(0.26667 + 0.5667);

const mod360 = (deg: number): number => ((deg % 360) + 360) % 360;

/**
 * ΔT estimate (NASA Espenak & Meeus polynomials) for a decimal year; the measured value was ~69 s in 2020–2025,
 * and 1 s of ΔT moves the sun by ~0.004° — far below anything a PV model can see.
 */
export function deltaTSeconds(year: number): number {
  if (year >= 2005 && year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  if (year >= 1986 && year < 2005) {
    const t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  const u = (year - 1820) / 100;
  return -20 + 32 * u * u;
}

function earthSeries(terms: readonly (readonly number[])[], jme: number): number {
  let total = 0;
  let power = 1;
  for (const row of terms) {
    let sum = 0;
    for (let i = 0; i < row.length; i += 3) sum += row[i] * Math.cos(row[i + 1] + row[i + 2] * jme);
    total += sum * power;
    power *= jme;
  }
  return total / 1e8;
}

/** The location-independent half of SPA for one instant. */
interface GeocentricSun {
  ts: number;
  deltaT: number;
  /** Apparent sidereal time at Greenwich, degrees. */
  nuDeg: number;
  /** Geocentric right ascension and declination, degrees. */
  alphaDeg: number;
  deltaDeg: number;
  /** Earth–sun distance, AU. */
  radiusAu: number;
}

const cache: GeocentricSun = { ts: Number.NaN, deltaT: Number.NaN, nuDeg: 0, alphaDeg: 0, deltaDeg: 0, radiusAu: 1 };

function geocentricSun(ts: number, deltaT: number): GeocentricSun {
  if (cache.ts === ts && cache.deltaT === deltaT) return cache;
  const jd = ts / 86_400_000 + 2_440_587.5;
  const jde = jd + deltaT / 86_400;
  const jc = (jd - 2_451_545) / 36_525;
  const jce = (jde - 2_451_545) / 36_525;
  const jme = jce / 10;

  const lDeg = mod360(earthSeries(L_TERMS, jme) / DEG);
  const bDeg = earthSeries(B_TERMS, jme) / DEG;
  const radiusAu = earthSeries(R_TERMS, jme);
  const thetaDeg = mod360(lDeg + 180);
  const betaDeg = -bDeg;

  const jce2 = jce * jce;
  const jce3 = jce2 * jce;
  const x0 = 297.85036 + 445_267.11148 * jce - 0.0019142 * jce2 + jce3 / 189_474;
  const x1 = 357.52772 + 35_999.05034 * jce - 0.0001603 * jce2 - jce3 / 300_000;
  const x2 = 134.96298 + 477_198.867398 * jce + 0.0086972 * jce2 + jce3 / 56_250;
  const x3 = 93.27191 + 483_202.017538 * jce - 0.0036825 * jce2 + jce3 / 327_270;
  const x4 = 125.04452 - 1934.136261 * jce + 0.0020708 * jce2 + jce3 / 450_000;
  let dPsi = 0;
  let dEps = 0;
  for (let i = 0; i < NUTATION_TERMS.length; i += 9) {
    const t = NUTATION_TERMS;
    const arg = (x0 * t[i] + x1 * t[i + 1] + x2 * t[i + 2] + x3 * t[i + 3] + x4 * t[i + 4]) * DEG;
    dPsi += (t[i + 5] + t[i + 6] * jce) * Math.sin(arg);
    dEps += (t[i + 7] + t[i + 8] * jce) * Math.cos(arg);
  }
  dPsi /= 36_000_000;
  dEps /= 36_000_000;

  const u = jme / 10;
  const eps0 =
    84_381.448 +
    u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67 + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
  const epsRad = (eps0 / 3600 + dEps) * DEG;
  const aberrationDeg = -20.4898 / (3600 * radiusAu);
  const lambdaRad = (thetaDeg + dPsi + aberrationDeg) * DEG;
  const nu0 = mod360(280.46061837 + 360.98564736629 * (jd - 2_451_545) + 0.000387933 * jc * jc - (jc * jc * jc) / 38_710_000);
  const betaRad = betaDeg * DEG;

  cache.ts = ts;
  cache.deltaT = deltaT;
  cache.nuDeg = nu0 + dPsi * Math.cos(epsRad);
  cache.alphaDeg = mod360(
    Math.atan2(Math.sin(lambdaRad) * Math.cos(epsRad) - Math.tan(betaRad) * Math.sin(epsRad), Math.cos(lambdaRad)) / DEG,
  );
  cache.deltaDeg = Math.asin(Math.sin(betaRad) * Math.cos(epsRad) + Math.cos(betaRad) * Math.sin(epsRad) * Math.sin(lambdaRad)) / DEG;
  cache.radiusAu = radiusAu;
  return cache;
}

/** Standard-atmosphere pressure at an elevation, hPa (the formula pvlib's alt2pres uses). */
export function pressureFromElevationHpa(elevationM: number): number {
  return ((44_331.514 - elevationM) / 11_880.516) ** (1 / 0.1902632);
}

const yearOf = (ts: number): number => 1970 + ts / 31_557_600_000;

/** Topocentric sun position at `ts` (epoch ms UTC) for a location, with refraction. */
export function sunPosition(ts: number, location: GeoLocation, atmosphere: Atmosphere = {}): SunPosition {
  const deltaT = atmosphere.deltaTSeconds ?? deltaTSeconds(yearOf(ts));
  const geo = geocentricSun(ts, deltaT);
  const phi = location.latitudeDeg * DEG;
  const hRad = mod360(geo.nuDeg + location.longitudeDeg - geo.alphaDeg) * DEG;
  const deltaRad = geo.deltaDeg * DEG;

  // Parallax of the sun for an observer at this latitude and elevation (SPA step 3.12).
  const xi = (8.794 / (3600 * geo.radiusAu)) * DEG;
  const uRad = Math.atan(0.99664719 * Math.tan(phi));
  const x = Math.cos(uRad) + (location.elevationM / 6_378_140) * Math.cos(phi);
  const y = 0.99664719 * Math.sin(uRad) + (location.elevationM / 6_378_140) * Math.sin(phi);
  const denominator = Math.cos(deltaRad) - x * Math.sin(xi) * Math.cos(hRad);
  const dAlpha = Math.atan2(-x * Math.sin(xi) * Math.sin(hRad), denominator);
  const deltaPrime = Math.atan2((Math.sin(deltaRad) - y * Math.sin(xi)) * Math.cos(dAlpha), denominator);
  const hPrime = hRad - dAlpha;

  const e0Deg = Math.asin(Math.sin(phi) * Math.sin(deltaPrime) + Math.cos(phi) * Math.cos(deltaPrime) * Math.cos(hPrime)) / DEG;
  let refractionDeg = 0;
  if (e0Deg >= REFRACTION_LIMIT_DEG) {
    const pressureHpa = atmosphere.pressureHpa ?? pressureFromElevationHpa(location.elevationM);
    const airTempC = atmosphere.airTempC ?? 12;
    refractionDeg = (pressureHpa / 1010) * (283 / (273 + airTempC)) * (1.02 / (60 * Math.tan((e0Deg + 10.3 / (e0Deg + 5.11)) * DEG)));
  }
  const apparentElevationDeg = e0Deg + refractionDeg;
  const gamma = Math.atan2(Math.sin(hPrime), Math.cos(hPrime) * Math.sin(phi) - Math.tan(deltaPrime) * Math.cos(phi)) / DEG;
  return {
    apparentZenithDeg: 90 - apparentElevationDeg,
    zenithDeg: 90 - e0Deg,
    azimuthDeg: mod360(gamma + 180),
    apparentElevationDeg,
  };
}

/** Apparent geocentric right ascension and declination (degrees) and Earth–sun distance (AU) at `ts`. */
export function geocentricSunPosition(
  ts: number,
  deltaT = deltaTSeconds(yearOf(ts)),
): { rightAscensionDeg: number; declinationDeg: number; earthSunDistanceAu: number } {
  const geo = geocentricSun(ts, deltaT);
  return { rightAscensionDeg: geo.alphaDeg, declinationDeg: geo.deltaDeg, earthSunDistanceAu: geo.radiusAu };
}
