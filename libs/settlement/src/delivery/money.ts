/**
 * Money: integer cents, never floats. A price is integer cents per MWh (`priceCentsPerMWh`: 15 237 is
 * 152.37 €/MWh); an energy is whole Wh; a factor (tolerance, penalty factor) is read to the millionth.
 * An amount is computed exactly (BigInt) and rounded once, per ISP, to the cent, halves away from zero.
 */
import { SettlementInputError } from '../errors';
import { divRoundHalfAwayFromZero, PPM } from '../exact';

const WH_PER_MWH = 1_000_000n;

/** Throws unless `priceCentsPerMWh` is a whole number of cents per MWh, ≥ 0. */
export function assertPrice(priceCentsPerMWh: number): void {
  if (!Number.isSafeInteger(priceCentsPerMWh) || priceCentsPerMWh < 0) {
    throw new SettlementInputError(`price ${priceCentsPerMWh} is not a whole number of cents per MWh ≥ 0`);
  }
}

/** price × energy × factor, in cents, rounded half away from zero: exact for any safe integers. */
export function amountCents(priceCentsPerMWh: number, energyWh: number, factorPpm: number = PPM): number {
  if (!Number.isSafeInteger(energyWh) || !Number.isSafeInteger(factorPpm)) throw new SettlementInputError(`energy ${energyWh} Wh and factor ${factorPpm} ppm must be integers`);
  const numerator = BigInt(priceCentsPerMWh) * BigInt(energyWh) * BigInt(factorPpm);
  return Number(divRoundHalfAwayFromZero(numerator, WH_PER_MWH * BigInt(PPM)));
}
