/**
 * The settlement cycle on its in-memory adapters and the in-process bus: an order is settled once due, a
 * second run with the same data issues nothing, late data for one of its ISPs makes version 2 with the
 * difference, late data elsewhere changes nothing, missing data waits, and replayed order responses follow
 * the order once.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { allTopics, FlexOrderResponseSchema, FlexOrderStatus, topics } from '@trottoir/contracts';
import type { SettlementStatement } from '@trottoir/contracts';
import { ManualClock, MINUTE_MS } from '@trottoir/kernel';
import { DeadLetterPublisher, InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { InMemoryLeases, InMemoryLeaseTable } from '@trottoir/service-runtime';
import { sha256Hex } from '@trottoir/settlement';
import { TopicRecorder } from '@trottoir/testing';

import { InMemoryCurtailedPvInputs } from '../inputs/curtailed-pv-inputs.in-memory';
import { InMemorySettlementInputs } from '../inputs/settlement-inputs.in-memory';
import { InMemoryOrganiserData } from '../operations/organiser-data.in-memory';
import { handleOrderResponses } from '../intake/order-response.intake';
import { loadSettlementConfig } from '../settlement.config';
import { SettlementMetrics } from '../settlement.metrics';
import { statementIdOfOrder } from '../store/statement-records';
import { InMemoryStatementStore } from '../store/statement-store.in-memory';
import { SETTLEMENT_LEASE, SettlementCycle } from './settlement.cycle';

const ISP = MINUTE_MS;
const T0 = Date.UTC(2026, 5, 21, 10, 7);
const DELAY = 90_000;

async function world(leases = new InMemoryLeases()) {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics(allTopics);
  const recorder = await TopicRecorder.start(bus, [topics.settlementStatement, topics.flexDlq]);
  const store = new InMemoryStatementStore();
  const inputs = new InMemorySettlementInputs();
  const clock = new ManualClock(T0);
  const metrics = new SettlementMetrics(new Registry());
  const config = loadSettlementConfig({ TROTTOIR_SETTLEMENT_DELAY_MS: String(DELAY) });
  const pvInputs = new InMemoryCurtailedPvInputs();
  const organiserData = new InMemoryOrganiserData();
  const cycle = new SettlementCycle({ store, inputs, pvInputs, organiserData, bus, clock, config, metrics, logger: createLogger({ service: 'settlement', level: 'silent' }), lease: leases.lease(SETTLEMENT_LEASE) });
  const deadLetters = new DeadLetterPublisher(bus, topics.flexDlq, 'settlement', clock);
  // Two segments below ps01; an order of +300 kW for one minute with mbma, s1 asked for 200 kW and s2 for 100 kW.
  inputs.below.set('ps01', ['s1', 's2']);
  inputs.orders.set('o-1', {
    orderId: 'o-1', offerId: 'f-1', nodeId: 'ps01', dsoId: 'enedis', status: 'accepted', ispMs: ISP, currency: 'EUR', baselineMethod: 'mbma',
    isps: [{ ispStart: T0, orderedW: 300_000, priceCentsPerMWh: 12_000 }],
    commanded: [{ segmentId: 's1', ispStart: T0, changeW: 200_000 }, { segmentId: 's2', ispStart: T0, changeW: 100_000 }],
    pvCurtailmentOnly: false,
  });
  for (const [segment, before, during] of [['s1', 50_000, 260_000], ['s2', -20_000, 70_000]] as const) {
    inputs.reading(segment, T0 - ISP, before);
    inputs.reading(segment, T0, during);
  }
  const respond = async (responses: Uint8Array[]) =>
    handleOrderResponses({ topic: topics.flexOrderResponse, partition: 0, messages: responses.map((value, i) => ({ topic: topics.flexOrderResponse.name, partition: 0, offset: BigInt(i), key: 'ps01', value, headers: {}, timestampMs: T0 })) }, { store, deadLetters, metrics });
  const accepted = toBinary(FlexOrderResponseSchema, create(FlexOrderResponseSchema, { orderId: 'o-1', offerId: 'f-1', nodeId: 'ps01', status: FlexOrderStatus.ACCEPTED, respondedAt: T0 - 30_000 }));
  const statements = async (): Promise<SettlementStatement[]> => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return recorder.events(topics.settlementStatement);
  };
  return { bus, recorder, store, inputs, pvInputs, organiserData, clock, config, cycle, respond, accepted, statements };
}

describe('the settlement cycle', () => {
  it('runs in one instance of the cluster at a time: the other stands by, and takes over when the holder dies', async () => {
    const table = new InMemoryLeaseTable();
    const [first, second] = [new InMemoryLeases(table), new InMemoryLeases(table)];
    const w = await world(first);
    const other = new SettlementCycle({ ...w, metrics: new SettlementMetrics(new Registry()), logger: createLogger({ service: 'settlement', level: 'silent' }), lease: second.lease(SETTLEMENT_LEASE) });
    await w.respond([w.accepted]);
    expect((await w.cycle.run())?.orders).toMatchObject({ 'not-due': 1 });
    w.clock.set(T0 + ISP + DELAY);
    expect(await other.run()).toBeUndefined();
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 1 }, published: 1 });
    expect(await other.run()).toBeUndefined();
    table.sever(first);
    expect(await other.run()).toMatchObject({ orders: { issued: 0 }, published: 0 });
    expect(await w.statements()).toHaveLength(1);
  });

  it('settles an order once due, and the same data again issue no version', async () => {
    const w = await world();
    await w.respond([w.accepted, w.accepted]);
    // Before the ISP's end + the delay: planned, not settled.
    expect((await w.cycle.run())?.orders).toMatchObject({ 'not-due': 1, issued: 0 });
    w.clock.set(T0 + ISP + DELAY);
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 1 }, published: 1 });
    const [v1] = await w.statements();
    expect(v1).toMatchObject({ statementId: statementIdOfOrder('o-1'), orderId: 'o-1', version: 1, changesJson: '', currency: 'EUR' });
    expect(v1.contentSha256).toBe(sha256Hex(v1.documentJson));
    const document = JSON.parse(v1.documentJson);
    // Baseline 30 kW (the minute before), metered 330 kW: 300 kW delivered for a minute = 5 kWh at 120 €/MWh = 0.60 €.
    expect(document.isps).toEqual([expect.objectContaining({ baselineW: 30_000, meteredW: 330_000, deliveredW: 300_000, orderedWh: 5_000, deliveredWh: 5_000, remunerationCents: 60, penaltyCents: 0 })]);
    expect(document.segments.map((s: { segmentId: string; remunerationCents: number }) => [s.segmentId, s.remunerationCents])).toEqual([['s1', 40], ['s2', 20]]);
    // Again, and with the order response replayed: nothing new.
    await w.respond([w.accepted]);
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 0 }, published: 0 });
    expect(await w.statements()).toHaveLength(1);
    expect((await w.store.statement(statementIdOfOrder('o-1')))?.versions).toHaveLength(1);
  });

  it('makes version 2 with the difference after late data in one of the order\'s ISPs, and nothing for late data elsewhere', async () => {
    const w = await world();
    await w.respond([w.accepted]);
    w.clock.set(T0 + ISP + DELAY);
    await w.cycle.run();
    // Late data for another day: no version.
    w.inputs.lateReading('s1', T0 - 2 * 86_400_000, 999);
    w.inputs.refresh();
    expect(await w.cycle.run()).toMatchObject({ resettled: 0, published: 0 });
    // A late reading lowers s2 in the ordered ISP; until the rollups are refreshed nothing moves.
    w.inputs.lateReading('s2', T0, 10_000);
    expect(await w.cycle.run()).toMatchObject({ resettled: 0, published: 0 });
    w.inputs.refresh();
    expect(await w.cycle.run()).toMatchObject({ resettled: 1, orders: { issued: 1 }, published: 1 });
    const [v1, v2] = await w.statements();
    expect(v2).toMatchObject({ version: 2, orderId: 'o-1' });
    expect(v2.contentSha256).not.toBe(v1.contentSha256);
    const changes = JSON.parse(v2.changesJson) as { path: string; from: number; to: number; delta: number }[];
    expect(changes).toContainEqual({ path: `/isps/ispStart=${T0}/meteredW`, from: 330_000, to: 270_000, delta: -60_000 });
    // 240 kW: 4 kWh paid 0.48 €, 0.5 kWh short of the 90 % tolerance: 0.5 × 1.5 × 120 €/MWh = 0.09 €.
    expect(changes).toContainEqual({ path: '/totals/remunerationCents', from: 60, to: 48, delta: -12 });
    expect(changes).toContainEqual({ path: '/totals/penaltyCents', from: 0, to: 9, delta: 9 });
    // Settled again with those data: still version 2.
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 0 }, published: 0 });
  });

  it('waits, with the reason, for an ISP that was not metered, and dead-letters an unreadable response', async () => {
    const w = await world();
    w.inputs.netPowerW.get('s1')?.delete(T0);
    w.inputs.netPowerW.get('s2')?.delete(T0);
    await w.respond([w.accepted, new Uint8Array([0xff, 0xff, 0xff])]);
    w.clock.set(T0 + ISP + DELAY);
    expect(await w.cycle.run()).toMatchObject({ orders: { waiting: 1, issued: 0 } });
    expect(await w.store.pendingOrders(w.clock.now(), 10)).toEqual([]);
    const [pending] = await w.store.pendingOrders(w.clock.now() + MINUTE_MS, 10);
    expect(pending.lastError).toMatch(/^MissingDataError: no meteredW for the ISP 2026-06-21T10:07:00Z/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(w.recorder.on(topics.flexDlq)).toHaveLength(1);
    // Tried again one cycle later (then twice as long each time): the readings arrived late meanwhile, settled.
    expect(pending.dueAt).toBe(w.clock.now() + MINUTE_MS);
    w.inputs.reading('s1', T0, 260_000);
    w.inputs.reading('s2', T0, 70_000);
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 0 } });
    w.clock.advance(MINUTE_MS);
    expect(await w.cycle.run()).toMatchObject({ orders: { issued: 1 } });
  });
});

describe('the monthly energy allocation of an operation', () => {
  it('issues each participant\'s statement once the month is over, and version 2 only for late data that change it', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
    const recorder = await TopicRecorder.start(bus, [topics.settlementStatement]);
    const store = new InMemoryStatementStore();
    const inputs = new InMemorySettlementInputs();
    // 1 July 2026, 00:10 in Paris: May is long over, June ended 10 minutes ago (the delay is 30 minutes).
    const clock = new ManualClock(Date.UTC(2026, 5, 30, 22, 10));
    const config = loadSettlementConfig({ TROTTOIR_SETTLEMENT_OPERATIONS: 'ps01', TROTTOIR_SETTLEMENT_DELAY_MS: String(30 * MINUTE_MS) });
    const cycle = new SettlementCycle({ store, inputs, pvInputs: new InMemoryCurtailedPvInputs(), organiserData: new InMemoryOrganiserData(), bus, clock, config, metrics: new SettlementMetrics(new Registry()), logger: createLogger({ service: 'settlement', level: 'silent' }), lease: new InMemoryLeases().lease(SETTLEMENT_LEASE) });
    inputs.below.set('ps01', ['s1', 's2']);
    inputs.dsoByNode.set('ps01', 'enedis');
    // June in Paris: 30 days of 96 ISPs. s1 makes 4 kW of PV all month, s2 none; each lights 1 kW and charges 2 kW.
    const juneFrom = Date.UTC(2026, 4, 31, 22);
    const juneTo = Date.UTC(2026, 5, 30, 22);
    for (const segment of ['s1', 's2']) {
      const series = new Map<number, { pvW: number; lightsW: number; evW: number }>();
      for (let ts = juneFrom; ts < juneTo; ts += 15 * MINUTE_MS) series.set(ts, { pvW: segment === 's1' ? 4_000 : 0, lightsW: 1_000, evW: 2_000 });
      inputs.flows.set(segment, series);
    }
    expect((await cycle.run())?.allocations).toBe(0);
    clock.advance(20 * MINUTE_MS);
    expect(await cycle.run()).toMatchObject({ allocations: 2, published: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const events = recorder.events(topics.settlementStatement);
    // 2,880 ISPs of 1 kWh of PV for 1 kWh of charging and 0.5 kWh of lights, pro rata (2/3 of each), in whole Wh per ISP
    // by largest remainder: 667 + 333 Wh each ISP.
    expect(events.map((e) => [e.kind, e.participant, e.month, e.consumedWh, e.allocatedWh, e.version])).toEqual([
      ['allocation', 'ev-charging', '2026-06', 2_880_000, 667 * 2_880, 1],
      ['allocation', 'street-lighting', '2026-06', 1_440_000, 333 * 2_880, 1],
    ]);
    expect(JSON.parse(events[0].documentJson).operation).toEqual({ participants: ['ev-charging', 'street-lighting'], productionWh: 2_880_000, allocatedWh: 2_880_000, surplusWh: 0 });
    // Nothing new on the next cycle; late data that change one ISP's lights make version 2 of both (the share moves).
    expect(await cycle.run()).toMatchObject({ allocations: 0, published: 0 });
    inputs.flows.get('s2')?.set(juneFrom, { pvW: 0, lightsW: 5_000, evW: 2_000 });
    inputs.markLate(juneFrom);
    inputs.refresh();
    expect(await cycle.run()).toMatchObject({ resettled: 1, allocations: 2, published: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lights = recorder.events(topics.settlementStatement).filter((e) => e.participant === 'street-lighting');
    expect(lights.map((e) => e.version)).toEqual([1, 2]);
    expect(JSON.parse(lights[1].changesJson)).toContainEqual({ path: '/consumedWh', from: 1_440_000, to: 1_441_000, delta: 1_000 });
  });
});
