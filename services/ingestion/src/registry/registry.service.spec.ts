/**
 * The registry's use cases on the in-memory store and the in-process bus: registration (validate,
 * store, hold in memory, publish), reads, and following the compacted topics, where records wait for
 * what they hang from, invalid ones are skipped with a log line, and a failed store puts what was
 * ready back to wait for the batch to come again.
 */
import { Writable } from 'node:stream';

import { allTopics, GridNodeKind, GridNodeSchema, JSON_CONTENT_TYPE, SegmentSchema, toJsonValue, topics } from '@trottoir/contracts';
import { FleetRegistry, generateCity } from '@trottoir/fleet';
import { InProcessMessageBus, OutboxRelay } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { ConsumerSupervisor, ReadinessRegistry } from '@trottoir/service-runtime';
import { TopicRecorder } from '@trottoir/testing';

import { InvalidRegistryRecordError, UnknownRegistryRecordError } from './registry.errors';
import { RegistryPublisher } from './registry.publisher';
import { RegistryService } from './registry.service';
import { InMemoryRegistryStore } from './registry-store.in-memory';

interface Harness {
  readonly service: RegistryService;
  readonly registry: FleetRegistry;
  readonly store: InMemoryRegistryStore;
  readonly bus: InProcessMessageBus;
  /** The warnings logged so far, as parsed log lines. */
  readonly warnings: { key: string; reason: string }[];
}

let running: { supervisor: ConsumerSupervisor; bus: InProcessMessageBus }[] = [];

async function registryOn(store = new InMemoryRegistryStore()): Promise<Harness> {
  const warnings: { key: string; reason: string }[] = [];
  const destination = new Writable({
    write: (chunk, _encoding, done) => {
      const line = JSON.parse(String(chunk)) as { level: string; key: string; reason: string };
      if (line.level === 'warn') warnings.push({ key: line.key, reason: line.reason });
      done();
    },
  });
  const logger = createLogger({ service: 'ingestion', destination });
  const bus = new InProcessMessageBus({ backoff: { initialMs: 10, maxMs: 50 } });
  await bus.ensureTopics(allTopics);
  const supervisor = new ConsumerSupervisor('ingestion', bus, logger, new Registry(), new ReadinessRegistry(), 'test-instance');
  running.push({ supervisor, bus });
  const registry = new FleetRegistry();
  const service = new RegistryService(registry, store, new RegistryPublisher(new OutboxRelay(store.outbox, bus)), logger, supervisor);
  await service.onModuleInit();
  return { service, registry, store, bus, warnings };
}

afterEach(async () => {
  for (const { supervisor, bus } of running) {
    await supervisor.onModuleDestroy();
    await bus.close();
  }
  running = [];
});

const city = generateCity({ segments: 20, seed: 5 });
const json = {
  node: (index: number) => toJsonValue(GridNodeSchema, city.gridNodes[index]),
  segment: (index: number) => toJsonValue(SegmentSchema, city.segments[index]),
};

describe('RegistryService: registration and reads', () => {
  it('given the registry in the store, when the service starts, then it answers from memory', async () => {
    const store = new InMemoryRegistryStore();
    await store.upsertGridNodes(city.gridNodes);
    await store.upsertSegments(city.segments);
    const { service, registry } = await registryOn(store);
    expect(registry.all()).toHaveLength(city.segments.length);
    expect(service.getGridNode(city.gridNodes[0].nodeId)).toEqual(city.gridNodes[0]);
    expect(await service.getSegment(city.segments[4].segmentId)).toEqual(city.segments[4]);
  });

  it('given valid records, when registered parents first, then they are stored, held in memory and published', async () => {
    const { service, registry, store, bus } = await registryOn();
    for (const [index, node] of city.gridNodes.entries()) await service.putGridNode(node.nodeId, json.node(index));
    const segment = city.segments[0];
    expect(await service.putSegment(segment.segmentId, json.segment(0))).toEqual(segment);

    expect(await store.loadSegments([segment.segmentId])).toEqual([segment]);
    expect(registry.find(segment.segmentId)).toMatchObject({ gridNodeId: segment.gridNodeId });
    const recorder = await TopicRecorder.start(bus, [topics.fleetGridNode, topics.fleetSegment]);
    expect((await recorder.waitFor(topics.fleetSegment, 1)).map((message) => message.key)).toEqual([segment.segmentId]);
    expect(await recorder.waitFor(topics.fleetGridNode, city.gridNodes.length)).toHaveLength(city.gridNodes.length);
    await recorder.stop();
  });

  it('given an invalid body, an id that differs from the path or an unknown parent, then the reasons are given and nothing is stored', async () => {
    const { service, store } = await registryOn();
    const [primary, mvFeeder] = city.gridNodes;
    await expect(service.putGridNode('other-id', json.node(0))).rejects.toThrow(new InvalidRegistryRecordError('grid node', [`nodeId "${primary.nodeId}" in the body differs from "other-id" in the path`]));
    await expect(service.putGridNode(mvFeeder.nodeId, json.node(1))).rejects.toThrow(`unknown parent "${primary.nodeId}"`);
    await expect(service.putGridNode(primary.nodeId, { ...(json.node(0) as object), ratedLimitKw: 3 })).rejects.toBeInstanceOf(InvalidRegistryRecordError);
    const segment = city.segments[0];
    const body = json.segment(0) as { pv: { peakPowerW: number } };
    body.pv.peakPowerW = -10;
    await expect(service.putSegment(segment.segmentId, body)).rejects.toMatchObject({ reasons: expect.arrayContaining(['pv.peakPowerW must be > 0, got -10', `unknown grid node "${segment.gridNodeId}"`]) });
    expect(await store.loadGridNodes()).toEqual([]);
    expect(await store.loadSegments()).toEqual([]);
  });

  it('given a store that fails, when registering, then the error comes out and memory is left as it was', async () => {
    const { service, registry, store } = await registryOn();
    vi.spyOn(store, 'upsertGridNodes').mockRejectedValueOnce(new Error('database down'));
    await expect(service.putGridNode(city.gridNodes[0].nodeId, json.node(0))).rejects.toThrow('database down');
    expect(registry.nodes()).toEqual([]);
  });

  it('lists the segments under a node from the store, sorted, and says which id it does not know', async () => {
    const store = new InMemoryRegistryStore();
    await store.upsertGridNodes(city.gridNodes);
    await store.upsertSegments(city.segments);
    const { service } = await registryOn(store);
    const lvFeeder = city.gridNodes.find((node) => node.kind === GridNodeKind.LV_FEEDER)!;
    const expected = city.segments.filter((segment) => segment.gridNodeId === lvFeeder.nodeId).sort((a, b) => a.segmentId.localeCompare(b.segmentId));
    expect(expected.length).toBeGreaterThan(0);
    expect(await service.segmentsUnder(lvFeeder.nodeId)).toEqual(expected);
    expect(await service.segmentsUnder(city.gridNodes[0].nodeId)).toHaveLength(city.segments.length);
    await expect(service.segmentsUnder('nowhere')).rejects.toThrow(new UnknownRegistryRecordError('grid node', 'nowhere'));
    await expect(service.getSegment('nowhere')).rejects.toBeInstanceOf(UnknownRegistryRecordError);
    expect(() => service.getGridNode('nowhere')).toThrow(UnknownRegistryRecordError);
  });
});

describe('RegistryService: following the compacted topics', () => {
  /** A registry following the topics, with every segment of the city published and waiting for its grid node. */
  async function segmentsWaiting(): Promise<Harness> {
    const harness = await registryOn();
    await harness.service.onApplicationBootstrap();
    await harness.bus.publish(topics.fleetSegment, city.segments, { source: 'trottoir/simulator' });
    await vi.waitFor(() => expect(harness.registry.waiting.segments).toBe(city.segments.length));
    return harness;
  }

  it('given segments before their grid nodes and children before parents, then everything is registered once what it hangs from arrives', async () => {
    const { registry, store, bus } = await segmentsWaiting();
    expect(await store.loadSegments()).toEqual([]);

    await bus.publish(topics.fleetGridNode, [...city.gridNodes].reverse(), { source: 'trottoir/simulator' });
    await vi.waitFor(() => expect(registry.all()).toHaveLength(city.segments.length));
    expect(registry.waiting).toEqual({ gridNodes: 0, segments: 0 });
    expect(await store.loadGridNodes()).toHaveLength(city.gridNodes.length);
    expect(await store.loadSegments()).toHaveLength(city.segments.length);
  });

  it('given records that fail validation or cannot be decoded, then they are skipped with a warning and the others registered', async () => {
    const { service, registry, bus, warnings } = await registryOn();
    await service.onApplicationBootstrap();
    const [primary] = city.gridNodes;
    const misplaced = { ...city.segments[0], gridNodeId: primary.nodeId };
    await bus.publish(topics.fleetGridNode, city.gridNodes, { source: 'trottoir/simulator' });
    await bus.publish(topics.fleetSegment, [misplaced, ...city.segments.slice(1)], { source: 'trottoir/simulator' });
    await bus.publishRecords(topics.fleetSegment, [{ key: 'garbled', value: new TextEncoder().encode('{"segmentId": '), headers: { 'content-type': JSON_CONTENT_TYPE } }]);

    await vi.waitFor(() => expect(registry.all()).toHaveLength(city.segments.length - 1));
    await vi.waitFor(() => expect(warnings.map((warning) => warning.key).sort()).toEqual(['garbled', misplaced.segmentId].sort()));
    expect(warnings.find((warning) => warning.key === misplaced.segmentId)?.reason).toBe(`grid node "${primary.nodeId}" is a primary substation, segments hang from an LV feeder`);
    expect(registry.find(misplaced.segmentId)).toBeUndefined();
  });

  it('given the store fails while storing records that were waiting, then they wait again and are registered when the batch comes again', async () => {
    const { registry, store, bus } = await segmentsWaiting();

    // The grid nodes release the waiting segments, whose batch was committed long ago: only the
    // waiting room still holds them when the first attempt to store them fails.
    const upsert = store.upsertSegments.bind(store);
    let failed = 0;
    vi.spyOn(store, 'upsertSegments').mockImplementation(async (segments) => {
      if (failed === 0 && segments.length > 0) {
        failed = segments.length;
        throw new Error('database down');
      }
      return upsert(segments);
    });
    await bus.publish(topics.fleetGridNode, city.gridNodes, { source: 'trottoir/simulator' });
    await vi.waitFor(() => expect(registry.all()).toHaveLength(city.segments.length));
    expect(failed).toBeGreaterThan(0);
    expect(await store.loadSegments()).toHaveLength(city.segments.length);
  });
});
