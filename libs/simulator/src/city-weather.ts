/**
 * The city's weather, one value for the whole city at a time (clouds are the part that varies across
 * it, see cloud-field.ts): cloud cover of the day, air temperature with its seasonal and daily cycle,
 * wind, and rain days (rain washes the tiles). Each day's draw comes from its own seeded stream, so
 * any instant can be asked in any order and always gets the same answer for a seed.
 */
import { DAY_MS, streamOf } from '@trottoir/kernel';

export interface CityWeatherOptions {
  seed: number;
  /** Latitude of the city, degrees north: the seasons' sign and strength. */
  latitudeDeg: number;
  /** Longitude, degrees east: local solar time for the daily temperature cycle. */
  longitudeDeg: number;
  /** Annual mean air temperature, °C (default 12.5, a French city). */
  meanAirTempC?: number;
}

export interface DayWeather {
  /** 0 = clear sky all day … 1 = overcast. */
  cloudCover: number;
  /** Rain that fell that day, mm (0 on a dry day). */
  rainMm: number;
  /** Daily mean wind at 10 m, m/s. */
  windSpeedMs: number;
  /** Direction the clouds move towards, radians from east, counter-clockwise. */
  windHeadingRad: number;
  /** Departure of the day's mean temperature from the climate, °C. */
  tempAnomalyC: number;
}

export interface WeatherNow {
  cloudCover: number;
  airTempC: number;
  windSpeedMs: number;
  windHeadingRad: number;
  /** Rain in the 24 hours before this instant, mm. */
  rainMmLastDay: number;
}

const NOON_MS = DAY_MS / 2;
/** Lag-1 correlation of the day's weather regime with the day before. */
const SYNOPTIC_PERSISTENCE = 0.45;
const SYNOPTIC_LAGS = 10;

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

export class CityWeather {
  private readonly days = new Map<number, DayWeather>();
  private readonly meanAirTempC: number;

  constructor(private readonly options: CityWeatherOptions) {
    this.meanAirTempC = options.meanAirTempC ?? 12.5;
  }

  /** The weather of UTC day `day` (days since the epoch). */
  day(day: number): DayWeather {
    let weather = this.days.get(day);
    if (!weather) {
      weather = this.drawDay(day);
      if (this.days.size > 64) this.days.clear();
      this.days.set(day, weather);
    }
    return weather;
  }

  at(ts: number): WeatherNow {
    const day = Math.floor(ts / DAY_MS);
    const sinceNoon = ts - day * DAY_MS - NOON_MS;
    // Interpolate between the noons around ts, so the sky changes smoothly across midnight.
    const [before, after, share] = sinceNoon >= 0 ? [this.day(day), this.day(day + 1), sinceNoon / DAY_MS] : [this.day(day - 1), this.day(day), 1 + sinceNoon / DAY_MS];
    const mix = (a: number, b: number) => a + (b - a) * share;
    const cloudCover = mix(before.cloudCover, after.cloudCover);
    const today = this.day(day);
    const dayShare = (ts - day * DAY_MS) / DAY_MS;
    return {
      cloudCover,
      airTempC: this.airTemp(ts, mix(before.tempAnomalyC, after.tempAnomalyC), cloudCover),
      windSpeedMs: mix(before.windSpeedMs, after.windSpeedMs),
      windHeadingRad: share < 0.5 ? before.windHeadingRad : after.windHeadingRad,
      // A rain day's rain falls evenly over it: what fell since midnight plus yesterday's remainder.
      rainMmLastDay: today.rainMm * dayShare + this.day(day - 1).rainMm * (1 - dayShare),
    };
  }

  /** 1 in mid-summer, −1 in mid-winter (northern hemisphere; reversed in the south). */
  private season(ts: number): number {
    const dayOfYear = (ts / DAY_MS) % 365.2425;
    // Epoch day 0 is 1 January; the warmest days are around 20 July (day ~200).
    const phase = Math.cos((2 * Math.PI * (dayOfYear - 200)) / 365.2425);
    return this.options.latitudeDeg >= 0 ? phase : -phase;
  }

  private airTemp(ts: number, anomalyC: number, cloudCover: number): number {
    const seasonal = 8 * this.season(ts);
    const solarHour = (((ts / 3_600_000 + this.options.longitudeDeg / 15) % 24) + 24) % 24;
    // Warmest at 15:00 solar time; clouds flatten the daily swing.
    const diurnal = (4 + 2 * this.season(ts)) * (1 - 0.6 * cloudCover) * Math.cos((2 * Math.PI * (solarHour - 15)) / 24);
    return this.meanAirTempC + seasonal + diurnal + anomalyC;
  }

  /**
   * A uniform in [0, 1) whose lag-1 day-to-day correlation is SYNOPTIC_PERSISTENCE: the normal CDF of a
   * moving average of independent daily shocks with weights ρ^k (an AR(1) truncated after 10 days).
   * Daily clearness indices are persistent — pressure systems last several days; Aguiar, Collares-Pereira
   * & Conde (1988) generate daily sequences from Markov transition matrices for that reason. Built from
   * per-day seeded streams only, so any day can still be drawn alone and in any order.
   */
  private synopticRegime(day: number): number {
    let sum = 0;
    let norm = 0;
    for (let lag = 0; lag < SYNOPTIC_LAGS; lag++) {
      const weight = SYNOPTIC_PERSISTENCE ** lag;
      sum += weight * streamOf(this.options.seed, 'weather-synoptic', day - lag).normal();
      norm += weight * weight;
    }
    return normalCdf(sum / Math.sqrt(norm));
  }

  private drawDay(day: number): DayWeather {
    const random = streamOf(this.options.seed, 'weather-day', day);
    const winter = (1 - this.season(day * DAY_MS + NOON_MS)) / 2;
    // Clear, mixed and overcast days, overcast ones more often in winter (western Europe); the regime
    // persists from day to day (weather systems last days), see synopticRegime.
    const regime = this.synopticRegime(day);
    const overcastShare = 0.2 + 0.25 * winter;
    const clearShare = 0.35 - 0.15 * winter;
    const cloudCover = regime < clearShare ? random.between(0, 0.15) : regime < 1 - overcastShare ? random.between(0.2, 0.7) : random.between(0.75, 1);
    const rainy = cloudCover > 0.5 && random.next() < 0.25 + 0.5 * cloudCover;
    return {
      cloudCover,
      rainMm: rainy ? Math.round(random.between(0.5, 15) * 10) / 10 : 0,
      windSpeedMs: random.between(1, 4) + 4 * cloudCover * random.next(),
      windHeadingRad: random.between(0, 2 * Math.PI),
      tempAnomalyC: 2.5 * random.normal(),
    };
  }
}
