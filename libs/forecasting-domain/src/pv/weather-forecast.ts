/**
 * The weather forecast the PV model can use (the payload of `weather.forecast.v1` once a provider feeds
 * it): per location and 15-minute target interval, GHI or cloud cover, and air temperature.
 * A cloud cover becomes a clear-sky index by Kasten & Czeplak (1980): GHI / GHI_clear = 1 − 0.75 N^3.4.
 */

export interface WeatherForecastPoint {
  /** Start of the target interval, epoch ms UTC. */
  readonly ts: number;
  /** Forecast global horizontal irradiance, W/m² (preferred when both are given). */
  readonly ghiWm2?: number;
  /** Total cloud cover, 0 (clear) … 1 (overcast). */
  readonly cloudCover?: number;
  readonly airTempC?: number;
}

export interface WeatherForecastLocation {
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Target intervals, any order; the nearest location to a node is used for it. */
  readonly points: readonly WeatherForecastPoint[];
}

export interface PvWeatherForecast {
  /** When the provider issued it, epoch ms UTC (must not be after the PV forecast's issue time). */
  readonly issuedAt: number;
  readonly locations: readonly WeatherForecastLocation[];
}

/** Kasten & Czeplak (1980) clear-sky index of a cloud cover fraction (okta / 8). */
export function kastenCzeplakCsi(cloudCover: number): number {
  const n = Math.min(Math.max(cloudCover, 0), 1);
  return 1 - 0.75 * n ** 3.4;
}

/** Cell temperature correction of a clear-sky power computed at `referenceAirTempC` (PVWatts γ = −0.4 %/°C). */
export function temperatureFactor(airTempC: number, referenceAirTempC = 15, tempCoeffPerC = -0.004): number {
  return Number.isFinite(airTempC) ? 1 + tempCoeffPerC * (airTempC - referenceAirTempC) : 1;
}

/** The location of a forecast nearest to a point (equirectangular distance), or undefined when there is none. */
export function nearestWeatherLocation(forecast: PvWeatherForecast, latDeg: number, lonDeg: number): WeatherForecastLocation | undefined {
  let best: WeatherForecastLocation | undefined;
  let bestD = Infinity;
  const cosLat = Math.cos((latDeg * Math.PI) / 180);
  for (const location of forecast.locations) {
    const d = (location.latDeg - latDeg) ** 2 + ((location.lonDeg - lonDeg) * cosLat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = location;
    }
  }
  return best;
}

/**
 * Per step of a grid, the forecast's csi (GHI ÷ clear-sky GHI, else Kasten–Czeplak of the cloud cover) and
 * air temperature; NaN where the forecast has nothing. `clearGhiWm2(step)` gives the clear-sky GHI there.
 */
export function weatherCsiSeries(
  location: WeatherForecastLocation,
  startTs: number,
  stepMs: number,
  steps: number,
  clearGhiWm2: (step: number) => number,
): { csi: Float64Array; airTempC: Float64Array } {
  const csi = new Float64Array(steps).fill(Number.NaN);
  const airTempC = new Float64Array(steps).fill(Number.NaN);
  for (const point of location.points) {
    const step = Math.round((point.ts - startTs) / stepMs);
    if (step < 0 || step >= steps) continue;
    const clear = clearGhiWm2(step);
    if (point.ghiWm2 !== undefined && Number.isFinite(point.ghiWm2) && clear > 20) csi[step] = point.ghiWm2 / clear;
    else if (point.cloudCover !== undefined && Number.isFinite(point.cloudCover)) csi[step] = kastenCzeplakCsi(point.cloudCover);
    if (point.airTempC !== undefined) airTempC[step] = point.airTempC;
  }
  return { csi, airTempC };
}
