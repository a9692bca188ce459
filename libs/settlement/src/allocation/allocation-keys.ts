/**
 * The distribution keys of French collective self-consumption (issue 11 §3) for one ISP, in whole Wh:
 * `static` (fixed shares k_i, Σ k ≤ 1: allocated_i = min(C_i, k_i·P)) and `prorata` (Enedis' default dynamic
 * key: allocated_i = C_i · min(1, P ÷ ΣC)); `custom` is static with shares per ISP. Exact quotas are
 * apportioned by largest remainder: Σ allocated = ⌊Σ quotas⌋ ≤ P and allocated_i ≤ C_i, always; what is
 * not allocated is surplus (exported).
 */
import { SettlementInputError } from '../errors';
import { apportion, PPM, toPpm } from '../exact';

function assertWholeWh(values: readonly number[], what: string): void {
  for (const value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw new SettlementInputError(`${what} ${value} is not a whole number of Wh ≥ 0`);
  }
}

/** Shares (fractions 0–1, read to the millionth) as ppm; throws when they add up to more than 1. */
export function sharesPpm(shares: readonly number[], where?: string): number[] {
  const ppm = shares.map((share) => toPpm(share, where === undefined ? 'share' : `${where}: share`));
  const sum = ppm.reduce((s, p) => s + p, 0);
  if (sum > PPM) throw new SettlementInputError(`${where === undefined ? '' : `${where}: `}the shares add up to ${sum / PPM}, more than 1`);
  return ppm;
}

/** Static key: participant i gets min(C_i, k_i·P). Shares are fractions (Σ ≤ 1), in the order of `consumedWh`. */
export function allocateStatic(productionWh: number, consumedWh: readonly number[], shares: readonly number[]): number[] {
  assertWholeWh([productionWh], 'production');
  assertWholeWh(consumedWh, 'consumption');
  if (shares.length !== consumedWh.length) throw new SettlementInputError(`${shares.length} shares for ${consumedWh.length} participants`);
  const ppm = sharesPpm(shares);
  const p = BigInt(productionWh);
  const quotas = consumedWh.map((c, i) => {
    const shareOfP = BigInt(ppm[i]) * p;
    const cap = BigInt(c) * BigInt(PPM);
    return shareOfP < cap ? shareOfP : cap;
  });
  return apportion(quotas, BigInt(PPM));
}

/** Pro-rata key: every participant gets C_i · min(1, P ÷ ΣC). */
export function allocateProrata(productionWh: number, consumedWh: readonly number[]): number[] {
  assertWholeWh([productionWh], 'production');
  assertWholeWh(consumedWh, 'consumption');
  const total = consumedWh.reduce((s, c) => s + c, 0);
  if (total <= productionWh) return [...consumedWh];
  return apportion(
    consumedWh.map((c) => BigInt(c) * BigInt(productionWh)),
    BigInt(total),
  );
}
