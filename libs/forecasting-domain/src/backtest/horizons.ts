/** Forecast horizons as the CLI writes them ("15m", "1h", "24h"): multiples of the 15-minute interval up to 48 h. */
const STEP_MS = 900_000;
export const MAX_HORIZON_MS = 48 * 3_600_000;
export const DEFAULT_HORIZONS = '15m,1h,3h,6h,24h';

export class HorizonError extends Error {}

export function parseHorizonMs(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|min|h)$/.exec(raw.trim());
  if (!match) throw new HorizonError(`horizon "${raw}" is invalid: expected e.g. 15m, 1h, 24h`);
  const ms = Math.round(Number(match[1]) * (match[2] === 'h' ? 3_600_000 : 60_000));
  if (ms < STEP_MS || ms > MAX_HORIZON_MS || ms % STEP_MS !== 0) {
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
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`;
}
