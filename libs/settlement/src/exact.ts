/**
 * Exact integer arithmetic for energy and money: whole Wh, whole cents, BigInt where products pass 2^53,
 * and largest-remainder apportionment so that parts always add up to their whole.
 */
import { HOUR_MS, ISP_MS } from '@trottoir/kernel';

import { SettlementInputError } from './errors';

export const PPM = 1_000_000;

/** W to the milliwatt, never −0: what statements print and compute money from. */
export function roundMilliW(powerW: number): number {
  const rounded = Math.round(powerW * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}

/** `x` rounded to an integer, halves away from zero (never −0). */
export function roundHalfAwayFromZero(x: number): number {
  const rounded = Math.sign(x) * Math.round(Math.abs(x));
  return rounded === 0 ? 0 : rounded;
}

/** `n / d` rounded to an integer, halves away from zero, exactly (d > 0). */
export function divRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  const magnitude = n < 0n ? -n : n;
  const q = (2n * magnitude + d) / (2n * d);
  return n < 0n ? -q : q;
}

/**
 * Energy of one ISP at a mean power, whole Wh (W × 0.25 h, halves away from zero). `ispMs` is the market's
 * 15 minutes unless a demonstration runs shorter ISPs (dispatch's TROTTOIR_DISPATCH_ISP_MS).
 */
export function ispEnergyWh(powerW: number, ispMs: number = ISP_MS): number {
  return roundHalfAwayFromZero((powerW * ispMs) / HOUR_MS);
}

/** A fraction as an integer number of millionths (ppm), checked to lie in [min, max]. */
export function toPpm(value: number, what: string, min = 0, max = 1): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new SettlementInputError(`${what} ${value} is not a number from ${min} to ${max}`);
  return Math.round(value * PPM);
}

/**
 * Largest remainder (Hamilton): the integer parts of `numerators[i] / denominator`, then one more unit each
 * to the largest fractional remainders (ties: the earlier index) until the parts add up to
 * ⌊Σ numerators / denominator⌋. Each part is the floor or the ceiling of its exact quota, so a quota at most
 * an integer cap never exceeds it. Numerators ≥ 0, denominator > 0.
 */
export function apportion(numerators: readonly bigint[], denominator: bigint): number[] {
  const parts = numerators.map((n) => n / denominator);
  const total = numerators.reduce((sum, n) => sum + n, 0n) / denominator;
  let left = Number(total - parts.reduce((sum, p) => sum + p, 0n));
  if (left > 0) {
    const order = numerators.map((n, i) => ({ i, remainder: n % denominator })).sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
    for (const { i } of order) {
      if (left-- === 0) break;
      parts[i] += 1n;
    }
  }
  return parts.map(Number);
}

/**
 * Splits the integer `total` (any sign) in proportion to `weights` (≥ 0, read to the milli-unit), exactly:
 * the parts add up to `total`. Undefined when every weight is 0.
 */
export function splitProRata(total: number, weights: readonly number[]): number[] | undefined {
  if (!Number.isSafeInteger(total)) throw new SettlementInputError(`cannot split ${total}: not an integer`);
  const milli = weights.map((w) => {
    if (!(w >= 0) || !Number.isFinite(w)) throw new SettlementInputError(`weight ${w} is not a finite number ≥ 0`);
    return BigInt(Math.round(w * 1000));
  });
  const sum = milli.reduce((s, w) => s + w, 0n);
  if (sum === 0n) return undefined;
  const magnitude = BigInt(Math.abs(total));
  const parts = apportion(
    milli.map((w) => magnitude * w),
    sum,
  );
  return total < 0 ? parts.map((p) => (p === 0 ? 0 : -p)) : parts;
}
