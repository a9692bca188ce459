/**
 * The node-state cycle on the in-memory minute rollups, the in-process bus and a manual clock: the
 * state of every node worked out by hand from the minute rollups, what each cycle refreshes (the
 * recent minutes, the late intervals, after a restart what was open), a cycle that fails, and two
 * replicas sharing the lease.
 */
import { Writable } from 'node:stream';

import { topics } from '@trottoir/contracts';
import { ManualClock } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { InMemoryLeases, InMemoryLeaseTable } from '@trottoir/service-runtime';
import { TopicRecorder } from '@trottoir/testing';

import { inMemoryGridTopology, inMemorySegmentLookup } from './in-memory-registry.fixture';
import { LatestNodeStates } from './latest-node-states';
import { InMemoryMinuteRollups } from './minute-rollups.in-memory';
import { loadNodeStateConfig } from './node-state.config';
import { NODE_STATE_LEASE, NodeStateCycle } from './node-state.cycle';
import { NodeStateMetrics } from './node-state.metrics';
import { at, smallGrid } from './small-grid.fixture';

const grid = smallGrid('unit');
const { id } = grid;
const silent = createLogger({ service: 'ingestion', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

interface Running {
  readonly cycle: NodeStateCycle;
  readonly latest: LatestNodeStates;
  readonly metrics: Registry;
}

/** A cycle as a (re)started process builds it, over rollups that outlive it. */
function startCycle(rollups: InMemoryMinuteRollups, clock: ManualClock, bus: InProcessMessageBus, leases = new InMemoryLeases()): Running {
  const latest = new LatestNodeStates();
  const metrics = new Registry();
  const cycle = new NodeStateCycle({
    rollups,
    bus,
    segments: inMemorySegmentLookup(grid.segments),
    topology: inMemoryGridTopology(grid.nodes),
    clock,
    config: loadNodeStateConfig({}),
    metrics: new NodeStateMetrics(metrics),
    latest,
    logger: silent,
    lease: leases.lease(NODE_STATE_LEASE),
  });
  return { cycle, latest, metrics };
}

describe('NodeStateCycle', () => {
  let bus: InProcessMessageBus;
  let recorder: TopicRecorder;
  let rollups: InMemoryMinuteRollups;
  let clock: ManualClock;

  beforeEach(async () => {
    bus = new InProcessMessageBus();
    await bus.ensureTopics([topics.gridNodeState]);
    recorder = await TopicRecorder.start(bus, [topics.gridNodeState]);
    rollups = new InMemoryMinuteRollups();
    rollups.record(grid.firstReadings);
    clock = new ManualClock(at(12, 1, 10));
  });
  afterEach(async () => {
    await recorder.stop();
    await bus.close();
  });

  it('given the readings of the minute 12:00, when the first cycle runs at 12:01:10, then every node gets the sums of its subtree, published and kept', async () => {
    const { cycle, latest } = startCycle(rollups, clock, bus);
    const summary = await cycle.run();

    expect(summary).toEqual({
      intervalStartTs: at(12, 0),
      nodes: 7,
      segments: { online: 3, stale: 1, offline: 2 },
      segmentsReporting: 3,
      unattachedSegments: 0,
      livenessChanges: 0,
      dirtyIntervalsRefreshed: 0,
      published: true,
    });
    const published = await recorder.waitFor(topics.gridNodeState, 7);
    expect(published.map((message) => message.key).sort()).toEqual(grid.nodes.map((node) => node.nodeId).sort());
    // [pvPowerW, loadPowerW, netPowerW, segmentsReporting, segmentsStale, segmentsOffline, segmentsTotal]
    const byHand: Record<string, number[]> = {
      PS: [1600, 7700, 6100, 3, 1, 2, 6],
      MV1: [1600, 7700, 6100, 3, 1, 2, 6],
      SS1: [1600, 7700, 6100, 3, 0, 0, 3],
      SS2: [0, 0, 0, 0, 1, 2, 3],
      LV1: [1100, 700, -400, 2, 0, 0, 2],
      LV2: [500, 7000, 6500, 1, 0, 0, 1],
      LV3: [0, 0, 0, 0, 1, 2, 3],
    };
    for (const [name, figures] of Object.entries(byHand)) {
      const state = latest.get(id(name));
      expect([state?.pvPowerW, state?.loadPowerW, state?.netPowerW, state?.segmentsReporting, state?.segmentsStale, state?.segmentsOffline, state?.segmentsTotal], name).toEqual(figures);
    }
    const events = recorder.events(topics.gridNodeState);
    expect(events.find((event) => event.nodeId === id('LV1'))).toMatchObject({ intervalStart: at(12, 0), intervalMs: 60_000, pvPowerW: 1100, computedAt: at(12, 1, 10) });
  });

  it('given the readings of the minute 12:00, when the cycle runs, then each node\'s segments by liveness, power and publish time are in the metrics', async () => {
    const { cycle, metrics } = startCycle(rollups, clock, bus);
    const before = Date.now() / 1000;
    await cycle.run();
    const values = async (name: string) => (await metrics.getSingleMetric(name)!.get()).values;
    const segments = await values('trottoir_node_segments');
    const ss2 = Object.fromEntries(segments.filter((value) => value.labels.node_id === id('SS2')).map((value) => [value.labels.state, value.value]));
    expect(ss2).toEqual({ online: 0, stale: 1, offline: 2 });
    const power = await values('trottoir_node_power_w');
    expect(power.find((value) => value.labels.node_id === id('LV1') && value.labels.flow === 'net')?.value).toBe(-400);
    const published = await values('trottoir_node_state_last_published_timestamp_seconds');
    expect(published).toHaveLength(7);
    // The wall clock (Prometheus compares it with time()), not the cycle's clock, which is at 12:01:10 of the fixture's day.
    for (const value of published) expect(value.value).toBeGreaterThanOrEqual(before);
  });

  it('given a late reading marked dirty, when the next cycle runs, then its minute is rolled up again and the next minute published', async () => {
    const { cycle, latest } = startCycle(rollups, clock, bus);
    await cycle.run();
    clock.set(at(12, 2, 10));
    rollups.record([grid.reading('s2', at(11, 30, 40), { pv: 0, net: 300 })]);
    rollups.markDirty([at(11, 30, 40)]);

    const summary = await cycle.run();
    expect(summary?.dirtyIntervalsRefreshed).toBe(1);
    expect(await rollups.minute(at(11, 30))).toEqual([{ segmentId: id('s2'), pvPowerW: 0, netPowerW: 200, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0 }]);
    expect(latest.get(id('LV1'))).toMatchObject({ intervalStartTs: at(12, 1), pvPowerW: 5000, segmentsReporting: 1 });
  });

  it('given a reading older than the late threshold that nobody marked, when the next cycle runs, then it is not rolled up: the periodic refresh stays recent', async () => {
    const { cycle } = startCycle(rollups, clock, bus);
    await cycle.run();
    clock.set(at(12, 2, 10));
    rollups.record([grid.reading('s3', at(11, 58, 30), { pv: 1, net: 1 }), grid.reading('s3', at(11, 59, 30), { pv: 2, net: 2 })]);

    await cycle.run();
    // The previous cycle at 12:01:10 less the 2-minute late threshold: from the minute 11:59.
    expect(await rollups.minute(at(11, 58))).toEqual([]);
    expect(await rollups.minute(at(11, 59))).toEqual([{ segmentId: id('s3'), pvPowerW: 2, netPowerW: 2, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0 }]);
  });

  it('given readings stored after the last cycle, when a process starts again later, then its first cycle rolls up from the latest hourly bucket', async () => {
    await startCycle(rollups, clock, bus).cycle.run();
    rollups.record([grid.reading('s3', at(12, 3, 30), { pv: 100, net: 100 })]);
    clock.set(at(13, 30, 10));

    await startCycle(rollups, clock, bus).cycle.run();
    expect(await rollups.minute(at(12, 3))).toEqual([{ segmentId: id('s3'), pvPowerW: 100, netPowerW: 100, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0 }]);
  });

  it('given rollups that cannot be read, when a cycle runs, then it fails with the error counted and nothing published', async () => {
    const { cycle, latest, metrics } = startCycle(rollups, clock, bus);
    vi.spyOn(rollups, 'minute').mockRejectedValueOnce(new Error('database down'));
    await expect(cycle.run()).rejects.toThrow('database down');
    expect(await metrics.getSingleMetricAsString('trottoir_node_state_cycle_duration_seconds')).toContain('trottoir_node_state_cycle_duration_seconds_count{outcome="error"} 1');
    expect(latest.get(id('PS'))).toBeUndefined();
    expect(recorder.on(topics.gridNodeState)).toEqual([]);
  });

  it('given two replicas sharing the lease, when both run each minute and the holder dies, then the other takes over at the next minute and no minute is published twice', async () => {
    const table = new InMemoryLeaseTable();
    const replicas = [new InMemoryLeases(table), new InMemoryLeases(table)];
    const [a, b] = replicas.map((leases) => startCycle(rollups, clock, bus, leases));
    let aAlive = true;
    const minute = async (ts: number) => {
      clock.set(ts);
      return [aAlive ? await a.cycle.run() : undefined, await b.cycle.run()].map((summary) => summary?.intervalStartTs);
    };
    expect(await minute(at(12, 1, 10))).toEqual([at(12, 0), undefined]);
    expect(await minute(at(12, 2, 10))).toEqual([at(12, 1), undefined]);
    // Killed: its connection dies with it.
    table.sever(replicas[0]);
    aAlive = false;
    expect(await minute(at(12, 3, 10))).toEqual([undefined, at(12, 2)]);
    // The new holder starts as a new process would: every rollup from the offline threshold back.
    expect(b.latest.get(id('LV1'))).toMatchObject({ intervalStartTs: at(12, 2) });
    expect(await minute(at(12, 4, 10))).toEqual([undefined, at(12, 3)]);

    const events = await recorder.waitFor(topics.gridNodeState, 4 * 7).then(() => recorder.events(topics.gridNodeState));
    const perNodeAndMinute = new Map<string, number>();
    for (const event of events) perNodeAndMinute.set(`${event.nodeId}@${event.intervalStart}`, (perNodeAndMinute.get(`${event.nodeId}@${event.intervalStart}`) ?? 0) + 1);
    expect(perNodeAndMinute.size).toBe(4 * 7);
    expect([...perNodeAndMinute.values()].every((count) => count === 1)).toBe(true);
  });

  it('given a holder whose minute was already published under another term, when it runs, then it publishes nothing for that minute', async () => {
    const table = new InMemoryLeaseTable();
    const replicas = [new InMemoryLeases(table), new InMemoryLeases(table)];
    const [a, b] = replicas.map((leases) => startCycle(rollups, clock, bus, leases));
    await a.cycle.run();
    // The holder dies right after publishing 12:00; the other takes over within the same minute (a re-run).
    table.sever(replicas[0]);
    const summary = await b.cycle.run();
    expect(summary).toMatchObject({ intervalStartTs: at(12, 0), published: false });
    clock.set(at(12, 2, 10));
    expect(await b.cycle.run()).toMatchObject({ intervalStartTs: at(12, 1), published: true });
    await recorder.waitFor(topics.gridNodeState, 14);
    expect(recorder.events(topics.gridNodeState).filter((event) => event.intervalStart === at(12, 0))).toHaveLength(7);
  });
});
