/**
 * An operation with a participant the segments do not meter (a building whose consumption the organiser
 * feeds in) and the custom key: the building shares the PV with the street lights and the chargers, a month
 * with no share for an ISP waits with the reason, and a correction by the organiser after the month was
 * allocated makes new versions through reopenAllocationPeriods (the REST edge's path).
 */
import { allTopics } from '@trottoir/contracts';
import { ManualClock, MINUTE_MS } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { InMemoryLeases } from '@trottoir/service-runtime';

import { InMemoryCurtailedPvInputs } from '../inputs/curtailed-pv-inputs.in-memory';
import { InMemorySettlementInputs } from '../inputs/settlement-inputs.in-memory';
import { InMemoryOrganiserData } from '../operations/organiser-data.in-memory';
import { loadSettlementConfig } from '../settlement.config';
import { SettlementMetrics } from '../settlement.metrics';
import { statementIdOfAllocation } from '../store/statement-records';
import { InMemoryStatementStore } from '../store/statement-store.in-memory';
import { SETTLEMENT_LEASE, SettlementCycle } from './settlement.cycle';

const Q = 15 * MINUTE_MS;
// June 2026 in Paris.
const JUNE_FROM = Date.UTC(2026, 4, 31, 22);
const JUNE_TO = Date.UTC(2026, 5, 30, 22);

async function world(env: Record<string, string>) {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics(allTopics);
  const store = new InMemoryStatementStore();
  const inputs = new InMemorySettlementInputs();
  const organiserData = new InMemoryOrganiserData();
  const clock = new ManualClock(JUNE_TO + 40 * MINUTE_MS);
  const config = loadSettlementConfig({ TROTTOIR_SETTLEMENT_OPERATIONS: 'ps01', TROTTOIR_SETTLEMENT_DELAY_MS: String(30 * MINUTE_MS), ...env });
  const cycle = new SettlementCycle({ store, inputs, pvInputs: new InMemoryCurtailedPvInputs(), organiserData, bus, clock, config, metrics: new SettlementMetrics(new Registry()), logger: createLogger({ service: 'settlement', level: 'silent' }), lease: new InMemoryLeases().lease(SETTLEMENT_LEASE) });
  inputs.below.set('ps01', ['s1']);
  inputs.dsoByNode.set('ps01', 'enedis');
  // 4 kW of PV all month; the segment's lights take 1 kW and its chargers 1 kW; the building 2 kW.
  const flows = new Map<number, { pvW: number; lightsW: number; evW: number }>();
  const building: { ispStart: number; powerW: number }[] = [];
  for (let ts = JUNE_FROM; ts < JUNE_TO; ts += Q) {
    flows.set(ts, { pvW: 4_000, lightsW: 1_000, evW: 1_000 });
    building.push({ ispStart: ts, powerW: 2_000 });
  }
  inputs.flows.set('s1', flows);
  await organiserData.recordConsumption('ps01', 'building-7', building, JUNE_FROM);
  const allocated = async (participant: string) => {
    const version = await store.latestVersion(statementIdOfAllocation('ps01', '2026-06', participant));
    return version && { version: version.version, ...(JSON.parse(version.document) as { consumedWh: number; allocatedWh: number }) };
  };
  return { store, organiserData, cycle, clock, allocated };
}

describe('allocation with the organiser\'s participants and keys', () => {
  it('shares the PV with a building the segments do not meter, and re-allocates after the organiser\'s correction', async () => {
    const w = await world({ TROTTOIR_SETTLEMENT_ALLOCATION_KEY: 'static', TROTTOIR_SETTLEMENT_ALLOCATION_SHARES: 'building-7:0.5,street-lighting:0.25,ev-charging:0.25' });
    expect(await w.cycle.run()).toMatchObject({ allocations: 3 });
    // Each ISP: 1 kWh of PV; the building gets min(500 Wh consumed, 0.5 × 1 kWh) = 500 Wh, the others 250 Wh.
    expect(await w.allocated('building-7')).toMatchObject({ version: 1, consumedWh: 500 * 2_880, allocatedWh: 500 * 2_880 });
    expect(await w.allocated('street-lighting')).toMatchObject({ version: 1, consumedWh: 250 * 2_880, allocatedWh: 250 * 2_880 });
    // The organiser corrects the first ISP: the building took 400 W. The month is pending again, version 2 of its statement.
    await w.organiserData.recordConsumption('ps01', 'building-7', [{ ispStart: JUNE_FROM, powerW: 400 }], JUNE_TO + 50 * MINUTE_MS);
    expect(await w.store.reopenAllocationPeriods('ps01', JUNE_FROM, JUNE_FROM + Q)).toBe(1);
    // Every participant's statement carries the operation's totals (its surplus grew by 400 Wh): three versions 2.
    expect(await w.cycle.run()).toMatchObject({ allocations: 3 });
    expect(await w.allocated('building-7')).toMatchObject({ version: 2, consumedWh: 500 * 2_879 + 100, allocatedWh: 500 * 2_879 + 100 });
    expect(await w.allocated('street-lighting')).toMatchObject({ version: 2, allocatedWh: 250 * 2_880 });
    const lights = await w.store.latestVersion(statementIdOfAllocation('ps01', '2026-06', 'street-lighting'));
    expect(JSON.parse(lights?.changes ?? '[]')).toEqual([
      { path: '/operation/allocatedWh', from: 2_880_000, to: 2_879_600, delta: -400 },
      { path: '/operation/surplusWh', from: 0, to: 400, delta: 400 },
    ]);
  });

  it('applies the custom shares ISP by ISP, and waits, with the reason, for an ISP without them', async () => {
    const w = await world({ TROTTOIR_SETTLEMENT_ALLOCATION_KEY: 'custom' });
    const isps = [];
    for (let ts = JUNE_FROM + Q; ts < JUNE_TO; ts += Q) isps.push({ ispStart: ts, shares: { 'building-7': 0.25, 'street-lighting': 0.25, 'ev-charging': 0.5 } });
    await w.organiserData.recordShares('ps01', isps, JUNE_FROM);
    expect(await w.cycle.run()).toMatchObject({ allocations: 0 });
    const [pending] = await w.store.pendingAllocationPeriods(w.clock.now() + 60 * MINUTE_MS, 10);
    expect(pending.lastError).toMatch(/^MissingDataError: custom key: no shares for the ISP 2026-05-31T22:00:00Z/);
    await w.organiserData.recordShares('ps01', [{ ispStart: JUNE_FROM, shares: { 'building-7': 1, 'street-lighting': 0, 'ev-charging': 0 } }], JUNE_FROM);
    w.clock.advance(60 * MINUTE_MS);
    expect(await w.cycle.run()).toMatchObject({ allocations: 3 });
    // The first ISP all for the building (500 Wh consumed), the rest a quarter of 1 kWh.
    expect(await w.allocated('building-7')).toMatchObject({ allocatedWh: 500 + 250 * 2_879 });
    expect(await w.allocated('ev-charging')).toMatchObject({ allocatedWh: 250 * 2_879 });
  });
});
