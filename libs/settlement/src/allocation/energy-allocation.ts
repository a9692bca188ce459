/**
 * Sharing the segments' exported PV among the participants of a collective self-consumption operation,
 * ISP by ISP, from power series (W) to energies (whole Wh) with the organiser's key.
 */
import { isoOf, MissingDataError, SettlementInputError } from '../errors';
import { ispEnergyWh } from '../exact';
import type { MeterSeries } from '../meter-series';
import { allocateProrata, allocateStatic, sharesPpm } from './allocation-keys';

export type AllocationKey =
  | { kind: 'static'; /** participant → fixed share, Σ ≤ 1 */ shares: ReadonlyMap<string, number> }
  | { kind: 'prorata' }
  | { kind: 'custom'; /** ISP start → participant → share, Σ ≤ 1 per ISP */ sharesByTs: ReadonlyMap<number, ReadonlyMap<string, number>> };

export type AllocationKeyKind = AllocationKey['kind'];

export interface EnergyAllocationInput {
  /** PV available to share (the segments' export), mean W per ISP start, ≥ 0. */
  productionW: MeterSeries;
  /** participant → consumption, mean W per ISP start, ≥ 0. */
  consumptionW: ReadonlyMap<string, MeterSeries>;
  key: AllocationKey;
}

export interface ParticipantEnergy {
  participant: string;
  consumedWh: number;
  allocatedWh: number;
}

export interface AllocatedIsp {
  ts: number;
  productionWh: number;
  allocatedWh: number;
  /** production − allocated: exported to the grid. */
  surplusWh: number;
  /** In participant order (sorted). */
  participants: ParticipantEnergy[];
}

export interface EnergyAllocation {
  key: AllocationKeyKind;
  /** In time order. */
  isps: AllocatedIsp[];
  totals: { productionWh: number; consumedWh: number; allocatedWh: number; surplusWh: number; participants: ParticipantEnergy[] };
}

function sharesFor(shares: ReadonlyMap<string, number>, participants: readonly string[], where: string, series: 'shares' | 'keys'): number[] {
  for (const name of shares.keys()) {
    if (!participants.includes(name)) throw new SettlementInputError(`${where}: share for "${name}", who has no consumption`);
  }
  const values = participants.map((name) => {
    const share = shares.get(name);
    if (share === undefined) throw new MissingDataError(`${where}: no share for "${name}" (a missing share is not read as 0: write 0)`, series, undefined, name);
    if (!(share >= 0 && share <= 1)) throw new SettlementInputError(`${where}: the share of "${name}" is ${share}, not a number from 0 to 1`);
    return share;
  });
  sharesPpm(values, where);
  return values;
}

function energyWh(series: MeterSeries, ts: number, what: string, subject?: string): number {
  const powerW = series.get(ts);
  const label = subject === undefined ? what : `${what} of "${subject}"`;
  if (powerW === undefined) throw new MissingDataError(`no ${label} for the ISP ${isoOf(ts)}: missing data is not read as 0`, what, ts, subject);
  if (!(powerW >= 0)) throw new SettlementInputError(`${label} at ${isoOf(ts)} is ${powerW} W: expected ≥ 0`);
  return ispEnergyWh(powerW);
}

/**
 * Allocates every ISP found in the production or any consumption series. Missing data: each of those ISPs
 * needs the production and every participant's consumption (and, for `custom`, a share for every
 * participant), or MissingDataError; keys for ISPs without data are not read.
 */
export function allocateEnergy(input: EnergyAllocationInput): EnergyAllocation {
  const participants = [...input.consumptionW.keys()].sort();
  const tsSet = new Set(input.productionW.keys());
  for (const series of input.consumptionW.values()) for (const ts of series.keys()) tsSet.add(ts);
  const staticShares = input.key.kind === 'static' ? sharesFor(input.key.shares, participants, 'static key', 'shares') : undefined;
  const totals = { productionWh: 0, consumedWh: 0, allocatedWh: 0, surplusWh: 0, participants: participants.map((participant) => ({ participant, consumedWh: 0, allocatedWh: 0 })) };
  const isps: AllocatedIsp[] = [];
  for (const ts of [...tsSet].sort((a, b) => a - b)) {
    const productionWh = energyWh(input.productionW, ts, 'production');
    const consumedWh = participants.map((name) => energyWh(input.consumptionW.get(name) as MeterSeries, ts, 'consumption', name));
    let allocated: number[];
    switch (input.key.kind) {
      case 'static':
        allocated = allocateStatic(productionWh, consumedWh, staticShares as number[]);
        break;
      case 'prorata':
        allocated = allocateProrata(productionWh, consumedWh);
        break;
      case 'custom': {
        const shares = input.key.sharesByTs.get(ts);
        if (!shares) throw new MissingDataError(`custom key: no shares for the ISP ${isoOf(ts)}`, 'keys', ts);
        allocated = allocateStatic(productionWh, consumedWh, sharesFor(shares, participants, `custom key at ${isoOf(ts)}`, 'keys'));
        break;
      }
      default: {
        const unknown: never = input.key;
        throw new SettlementInputError(`unknown allocation key ${JSON.stringify(unknown)}`);
      }
    }
    const allocatedWh = allocated.reduce((s, a) => s + a, 0);
    isps.push({
      ts,
      productionWh,
      allocatedWh,
      surplusWh: productionWh - allocatedWh,
      participants: participants.map((participant, i) => ({ participant, consumedWh: consumedWh[i], allocatedWh: allocated[i] })),
    });
    totals.productionWh += productionWh;
    totals.allocatedWh += allocatedWh;
    totals.surplusWh += productionWh - allocatedWh;
    consumedWh.forEach((c, i) => {
      totals.consumedWh += c;
      totals.participants[i].consumedWh += c;
      totals.participants[i].allocatedWh += allocated[i];
    });
  }
  return { key: input.key.kind, isps, totals };
}
