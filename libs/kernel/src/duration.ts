/**
 * Durations as people write them on a command line or in a setting: `250ms`, `90s`, `15m` (or `15min`),
 * `1h30m`, `2d`. One parser for every command and setting, so that they all accept the same things.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND_MS, m: MINUTE_MS, min: MINUTE_MS, h: HOUR_MS, d: DAY_MS };
const PART = /(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/g;

export class DurationFormatError extends RangeError {
  override readonly name = 'DurationFormatError';
}

export interface DurationOptions {
  /** The unit of a bare number (`90` → 90 s with 's'); a bare number is refused without it. */
  bareUnit?: 'ms' | 's' | 'm' | 'h' | 'd';
}

/** The duration `text` writes, in ms; throws a DurationFormatError that says what was expected. */
export function parseDurationMs(text: string, options: DurationOptions = {}): number {
  const trimmed = text.trim();
  if (options.bareUnit !== undefined && /^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * UNIT_MS[options.bareUnit];
  const parts = [...trimmed.matchAll(PART)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) {
    throw new DurationFormatError(`"${text}" is not a duration: expected e.g. 90s, 15m, 1h or 1h30m`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * UNIT_MS[part[2]], 0);
}

/** The shortest way `parseDurationMs` reads back: 900000 → "15m", 5400000 → "1h30m", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of [['d', DAY_MS], ['h', HOUR_MS], ['m', MINUTE_MS], ['s', SECOND_MS], ['ms', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
