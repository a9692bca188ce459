// A year of a flat tile segment, per m²: the solar model driven by hourly weather, with the seeded tile losses
// of its kind. Used by the annual-yield test and the validation report.
import { clearSky, createTileLosses, pvPowerInto, sunPosition, TILE_PEAK_POWER_W_PER_M2 } from '@trottoir/solar';
import type { GeoLocation, Irradiance, PvArray, PvPower, SegmentKind } from '@trottoir/solar';

export interface HourlyWeather extends Irradiance {
  ts: number;
  airTempC: number;
  windSpeedMs: number;
}

export const FLAT_TILE_M2: PvArray = {
  peakPowerW: TILE_PEAK_POWER_W_PER_M2,
  tiltDeg: 0,
  azimuthDeg: 180,
  inverterLimitW: TILE_PEAK_POWER_W_PER_M2,
  mounting: 'insulated-back',
};

/** Energy over the series (hourly steps), kWh per m² of tiles: bare PV model and with tile losses. */
export function annualYieldKwhPerM2(
  weather: readonly HourlyWeather[],
  location: GeoLocation,
  kind: SegmentKind,
  seed: number,
  utcOffsetHours = 1,
): { bareKwhPerM2: number; withLossesKwhPerM2: number } {
  const losses = createTileLosses(kind, seed, { utcOffsetHours });
  const out: PvPower = { poaWm2: 0, cellTempC: 0, dcPowerW: 0, acPowerW: 0 };
  let bareWh = 0;
  let lossyWh = 0;
  for (const hour of weather) {
    const sun = sunPosition(hour.ts, location);
    pvPowerInto(out, FLAT_TILE_M2, sun, { irradiance: hour, airTempC: hour.airTempC, windSpeedMs: hour.windSpeedMs }, hour.ts);
    bareWh += out.acPowerW;
    lossyWh += out.acPowerW * losses.factorAt(hour.ts);
  }
  return { bareKwhPerM2: bareWh / 1000, withLossesKwhPerM2: lossyWh / 1000 };
}

/** Saint-Pierre, La Réunion: the sunny car park of the field reports. */
export const REUNION_LOCATION: GeoLocation = { latitudeDeg: -21.34, longitudeDeg: 55.48, elevationM: 20 };
/**
 * Mean clear-sky index assumed for the Réunion coast: with it the synthetic year gets ≈1,790 kWh/m² of GHI,
 * the order of magnitude of the island's sunny coast (an assumption: no measured series for Réunion is on hand).
 */
export const REUNION_CLEARNESS = 0.75;

/** A synthetic hourly year for La Réunion: Ineichen clear sky × a constant clearness, 24–30 °C, 3 m/s wind. */
export function reunionYear(year = 2021): HourlyWeather[] {
  const hours: HourlyWeather[] = [];
  for (let ts = Date.UTC(year, 0, 1, 0, 30); ts < Date.UTC(year + 1, 0, 1); ts += 3_600_000) {
    const sun = sunPosition(ts, REUNION_LOCATION);
    const sky = clearSky(ts, REUNION_LOCATION, sun);
    const localHour = (new Date(ts).getUTCHours() + 4) % 24;
    hours.push({
      ts,
      ghiWm2: sky.ghiWm2 * REUNION_CLEARNESS,
      dniWm2: sky.dniWm2 * REUNION_CLEARNESS,
      dhiWm2: sky.dhiWm2 * REUNION_CLEARNESS,
      airTempC: 27 - 3 * Math.cos(((localHour - 3) / 24) * 2 * Math.PI),
      windSpeedMs: 3,
    });
  }
  return hours;
}
