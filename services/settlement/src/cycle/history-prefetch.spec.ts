/**
 * The due orders' history read in one pass gives the same statements, byte for byte, as each order read on
 * its own; orders whose windows lie far apart are read apart.
 */
import { allTopics } from '@trottoir/contracts';
import { DAY_MS, ISP_MS, ManualClock } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { InMemoryLeases } from '@trottoir/service-runtime';

import { InMemoryCurtailedPvInputs } from '../inputs/curtailed-pv-inputs.in-memory';
import { InMemorySettlementInputs } from '../inputs/settlement-inputs.in-memory';
import { InMemoryOrganiserData } from '../operations/organiser-data.in-memory';
import { loadSettlementConfig } from '../settlement.config';
import { SettlementMetrics } from '../settlement.metrics';
import { statementIdOfOrder } from '../store/statement-records';
import { InMemoryStatementStore } from '../store/statement-store.in-memory';
import { SETTLEMENT_LEASE, SettlementCycle } from './settlement.cycle';

const FROM = Date.UTC(2026, 0, 1);
const EVENTS: [string, string, string, number][] = [
  ['o-a', 'ps01', '10of10', Date.UTC(2026, 2, 10, 17)],
  ['o-b', 'ps02', 'pjm-same-day', Date.UTC(2026, 2, 12, 12)],
  ['o-c', 'ps01', 'nodes5', Date.UTC(2026, 4, 20, 9)],
];

async function world(ordersPerCycle: number) {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics(allTopics);
  const store = new InMemoryStatementStore();
  const inputs = new InMemorySettlementInputs();
  inputs.below.set('ps01', ['s1', 's2']);
  inputs.below.set('ps02', ['s3']);
  // A daily shape that differs by segment and drifts by day, so that every baseline reads distinct values.
  for (const [k, segment] of ['s1', 's2', 's3'].entries()) {
    for (let ts = FROM; ts < Date.UTC(2026, 5, 1); ts += ISP_MS) inputs.reading(segment, ts, 1_000 * (k + 1) + ((ts % DAY_MS) / ISP_MS) * 7 + Math.floor((ts - FROM) / DAY_MS) % 11);
  }
  for (const [orderId, nodeId, baselineMethod, startTs] of EVENTS) {
    inputs.orders.set(orderId, {
      orderId, offerId: `f-${orderId}`, nodeId, dsoId: 'enedis', status: 'accepted', ispMs: ISP_MS, currency: 'EUR', baselineMethod,
      isps: [0, 1, 2, 3].map((i) => ({ ispStart: startTs + i * ISP_MS, orderedW: -500, priceCentsPerMWh: 9_000 })),
      commanded: [], pvCurtailmentOnly: false,
    });
    await store.followOrder({ orderId, nodeId, acceptedAt: startTs - DAY_MS });
  }
  const config = loadSettlementConfig({ TROTTOIR_SETTLEMENT_ORDERS_PER_CYCLE: String(ordersPerCycle) });
  const cycle = new SettlementCycle({ store, inputs, pvInputs: new InMemoryCurtailedPvInputs(), organiserData: new InMemoryOrganiserData(), bus, clock: new ManualClock(Date.UTC(2026, 5, 1)), config, metrics: new SettlementMetrics(new Registry()), logger: createLogger({ service: 'settlement', level: 'silent' }), lease: new InMemoryLeases().lease(SETTLEMENT_LEASE) });
  const documents = async () => Promise.all(EVENTS.map(async ([orderId]) => (await store.latestVersion(statementIdOfOrder(orderId)))?.document));
  return { inputs, cycle, documents };
}

describe('reading the due orders\' history at once', () => {
  it('issues the same bytes as order by order, in one pass for the orders whose windows are near', async () => {
    const together = await world(100);
    const onePass = vi.spyOn(together.inputs, 'nodesMetered');
    expect(await together.cycle.run()).toMatchObject({ orders: { issued: 3 } });
    // o-a and o-b share a window; o-c, two months later, is read on its own.
    expect(onePass).toHaveBeenCalledTimes(1);
    expect([...(onePass.mock.calls[0][0] as Map<string, string[]>).keys()].sort()).toEqual(['ps01', 'ps02']);

    const alone = await world(1);
    for (let i = 0; i < 3; i++) await alone.cycle.run();
    const documents = await together.documents();
    expect(documents.every((d) => d !== undefined)).toBe(true);
    expect(documents).toEqual(await alone.documents());
  });
});
