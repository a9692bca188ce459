/** Forecast horizons as the CLI writes them ("15m", "1h", "24h"): multiples of the 15-minute interval up to 48 h. */
import { HOUR_MS, ISP_MS, MINUTE_MS, parseDurationMs } from '@trottoir/kernel';

export const MAX_HORIZON_MS = 48 * HOUR_MS;
export const DEFAULT_HORIZONS = '15m,1h,3h,6h,24h';

export class HorizonError extends Error {}

export function parseHorizonMs(raw: string): number {
  let ms: number;
  try {
    ms = Math.round(parseDurationMs(raw));
  } catch {
    throw new HorizonError(`horizon "${raw}" is invalid: expected e.g. 15m, 1h, 24h`);
  }
  if (ms < ISP_MS || ms > MAX_HORIZON_MS || ms % ISP_MS !== 0) {
    throw new HorizonError(`horizon "${raw}" is invalid: a multiple of 15m from 15m to 48h`);
  }
  return ms;
}

export function parseHorizons(raw: string): number[] {
  const list = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (list.length === 0) throw new HorizonError('no horizon given');
  return [...new Set(list.map(parseHorizonMs))].sort((a, b) => a - b);
}

export function formatHorizon(ms: number): string {
  return ms % HOUR_MS === 0 ? `${ms / HOUR_MS}h` : `${ms / MINUTE_MS}m`;
}
