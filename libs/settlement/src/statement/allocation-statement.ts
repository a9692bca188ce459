/**
 * The monthly energy-allocation statements of a collective self-consumption operation (the segments below
 * one grid node): the PV they produced is shared ISP by ISP among the participants with the organiser's
 * key (allocateEnergy), and each participant gets one statement per month — its consumed and allocated
 * energy per local day and in total, beside the operation's production and surplus. An ISP without enough
 * data is left out and counted (`ispsMissing`), never guessed: late data that complete it make a new version.
 */
import { localDateOf } from '@trottoir/kernel';

import { SettlementInputError } from '../errors';
import type { AllocationKey } from '../allocation/energy-allocation';
import { allocateEnergy } from '../allocation/energy-allocation';
import type { MeterSeries } from '../meter-series';

export const ALLOCATION_STATEMENT_FORMAT = 'trottoir.settlement.allocation-statement/1';

export interface AllocationStatementInput {
  /** The operation: its grid node and DSO. */
  nodeId: string;
  dsoId: string;
  /** The local month, YYYY-MM, and its ISP starts (every ISP of the month, in time order). */
  month: string;
  timeZone: string;
  monthIsps: readonly number[];
  key: AllocationKey;
  /** PV to share, mean W per ISP start; an ISP absent here is missing data. */
  productionW: MeterSeries;
  /** participant → consumption, mean W per ISP start. */
  consumptionW: ReadonlyMap<string, MeterSeries>;
}

export interface AllocationDay {
  date: string;
  consumedWh: number;
  allocatedWh: number;
}

/** One statement document per participant, in participant order. */
export function buildAllocationStatements(input: AllocationStatementInput) {
  if (!/^\d{4}-\d{2}$/.test(input.month)) throw new SettlementInputError(`month "${input.month}" is not YYYY-MM`);
  const participants = [...input.consumptionW.keys()].sort();
  if (participants.length === 0) throw new SettlementInputError(`operation ${input.nodeId}: no participant`);
  // The ISPs with every series present; the others wait for data.
  const complete = input.monthIsps.filter((ts) => input.productionW.has(ts) && participants.every((p) => input.consumptionW.get(p)?.has(ts)));
  const pick = (series: MeterSeries): MeterSeries => new Map(complete.map((ts) => [ts, series.get(ts) as number]));
  const allocation = allocateEnergy({ productionW: pick(input.productionW), consumptionW: new Map(participants.map((p) => [p, pick(input.consumptionW.get(p) as MeterSeries)])), key: input.key });
  const days = participants.map(() => new Map<string, AllocationDay>());
  for (const isp of allocation.isps) {
    const date = localDateOf(isp.ts, input.timeZone);
    isp.participants.forEach((share, i) => {
      const day = days[i].get(date) ?? { date, consumedWh: 0, allocatedWh: 0 };
      day.consumedWh += share.consumedWh;
      day.allocatedWh += share.allocatedWh;
      days[i].set(date, day);
    });
  }
  const key = input.key.kind === 'static' ? { kind: 'static', shares: Object.fromEntries([...input.key.shares].sort(([a], [b]) => (a < b ? -1 : 1))) } : { kind: input.key.kind };
  return participants.map((participant, i) => {
    const total = allocation.totals.participants[i];
    return {
      format: ALLOCATION_STATEMENT_FORMAT,
      nodeId: input.nodeId,
      dsoId: input.dsoId,
      participant,
      month: input.month,
      timeZone: input.timeZone,
      key,
      consumedWh: total.consumedWh,
      allocatedWh: total.allocatedWh,
      days: [...days[i].values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
      operation: { participants, productionWh: allocation.totals.productionWh, allocatedWh: allocation.totals.allocatedWh, surplusWh: allocation.totals.surplusWh },
      inputs: { ispsInMonth: input.monthIsps.length, ispsSettled: complete.length, ispsMissing: input.monthIsps.length - complete.length, firstIspTs: input.monthIsps[0] ?? null, lastIspTs: input.monthIsps[input.monthIsps.length - 1] ?? null },
    };
  });
}

export type AllocationStatementDocument = ReturnType<typeof buildAllocationStatements>[number];
