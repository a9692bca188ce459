/**
 * The one contract suite of the registry's records port: `describeRegistryRecordsContract(name,
 * harness)` defines what every adapter must do (in memory in a unit spec, PostgreSQL in an integration
 * spec). Each test registers a city of its own ids, so the store may hold other records.
 */
import { randomBytes } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { BatteryRatingSchema, EvConnectorSchema, EvCurrentType, GridNodeKind } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { City } from '@trottoir/fleet';
import type { OutboxMessage, OutboxStore } from '@trottoir/messaging';

import type { RegistryRecords } from './registry-records.port';

export interface RegistryRecordsHarness {
  /** The store under test; the suite calls it once. */
  createStore(): Promise<RegistryRecords>;
  /** The outbox the store's announcements go to. */
  outbox(): OutboxStore;
  /** Releases what `createStore` took (a pool, a database). */
  close?(): Promise<void>;
}

function announcement(key: string): OutboxMessage {
  return { topic: 'spec-registry-change', key, value: Buffer.from(key), headers: {}, timestampMs: 1_764_000_000_000 };
}

const byNodeId = (a: GridNode, b: GridNode) => (a.nodeId < b.nodeId ? -1 : 1);
const bySegmentId = (a: Segment, b: Segment) => (a.segmentId < b.segmentId ? -1 : 1);

export function describeRegistryRecordsContract(name: string, harness: RegistryRecordsHarness): void {
  describe(`RegistryRecords contract: ${name}`, () => {
    let store: RegistryRecords;
    let prefix: string;
    let city: City;

    beforeAll(async () => {
      store = await harness.createStore();
    });
    afterAll(async () => {
      await harness.close?.();
    });
    beforeEach(() => {
      prefix = `contract-${randomBytes(4).toString('hex')}-`;
      city = generateCity({ segments: 12, seed: 21, idPrefix: prefix });
    });

    const storedNodes = async () => (await store.loadGridNodes()).filter((node) => node.nodeId.startsWith(prefix)).sort(byNodeId);
    const storedSegments = async () => (await store.loadSegments()).filter((segment) => segment.segmentId.startsWith(prefix)).sort(bySegmentId);
    const lvFeeders = () => city.gridNodes.filter((node) => node.kind === GridNodeKind.LV_FEEDER);

    it('gives back every field of the grid nodes and segments it stored, optional parts present or absent', async () => {
      const [plain, equipped, ...others] = city.segments;
      const bare = { ...plain, lighting: undefined, battery: undefined, evConnectors: [] };
      const full = {
        ...equipped,
        battery: create(BatteryRatingSchema, { capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 5_000, socMinPct: 10, socMaxPct: 90 }),
        evConnectors: [create(EvConnectorSchema, { connectorId: '1', maxPowerW: 7_400, current: EvCurrentType.AC }), create(EvConnectorSchema, { connectorId: '2', maxPowerW: 50_000, current: EvCurrentType.DC })],
      };
      const segments = [bare, full, ...others];
      await store.upsertGridNodes(city.gridNodes);
      await store.upsertSegments(segments);

      expect(await storedNodes()).toEqual([...city.gridNodes].sort(byNodeId));
      expect(await storedSegments()).toEqual([...segments].sort(bySegmentId));
      expect((await store.loadSegments([full.segmentId, bare.segmentId])).sort(bySegmentId)).toEqual([bare, full].sort(bySegmentId));
    });

    it('reads only the segments asked for, and leaves out ids it does not store', async () => {
      await store.upsertGridNodes(city.gridNodes);
      await store.upsertSegments(city.segments);
      expect(await store.loadSegments([city.segments[3].segmentId, `${prefix}nowhere`])).toEqual([city.segments[3]]);
      expect(await store.loadSegments([])).toEqual([]);
    });

    it('replaces a record by id, the last of an id in one call winning, and changes nothing when the same records come again', async () => {
      await store.upsertGridNodes(city.gridNodes);
      await store.upsertSegments(city.segments);
      await store.upsertGridNodes(city.gridNodes);
      await store.upsertSegments(city.segments);
      expect(await storedNodes()).toEqual([...city.gridNodes].sort(byNodeId));

      const node = city.gridNodes[0];
      await store.upsertGridNodes([{ ...node, name: 'first' }, { ...node, name: 'renamed' }]);
      const segment = city.segments[0];
      const target = lvFeeders().find((feeder) => feeder.nodeId !== segment.gridNodeId) as GridNode;
      await store.upsertSegments([{ ...segment, gridNodeId: target.nodeId }]);

      expect((await storedNodes()).find((stored) => stored.nodeId === node.nodeId)?.name).toBe('renamed');
      expect(await store.loadSegments([segment.segmentId])).toEqual([{ ...segment, gridNodeId: target.nodeId }]);
      expect(await storedSegments()).toHaveLength(city.segments.length);
    });

    it('takes a parent in the same call as its child, in any order', async () => {
      await store.upsertGridNodes([...city.gridNodes].reverse());
      expect(await storedNodes()).toEqual([...city.gridNodes].sort(byNodeId));
    });

    it('refuses a grid node whose parent is neither stored nor in the call, and stores nothing of that call', async () => {
      const [primary, mvFeeder] = city.gridNodes;
      await expect(store.upsertGridNodes([primary, { ...mvFeeder, parentId: `${prefix}nowhere` }])).rejects.toThrow(/foreign key/);
      expect(await storedNodes()).toEqual([]);
    });

    /** The keys of what waits in the outbox, taken out of it (marked published). */
    const takeAnnounced = async (): Promise<string[]> => {
      const keys: string[] = [];
      await harness.outbox().relay(1_000, async (messages) => void keys.push(...messages.map((message) => message.key)));
      return keys;
    };

    it('puts the announcements of a stored change in the outbox, and none of a refused one', async () => {
      await takeAnnounced();
      await store.upsertGridNodes(city.gridNodes, [announcement(`${prefix}nodes`)]);
      await store.upsertSegments(city.segments.slice(0, 1), [announcement(`${prefix}segment`)]);
      await expect(store.upsertSegments([{ ...city.segments[1], gridNodeId: `${prefix}nowhere` }], [announcement(`${prefix}refused`)])).rejects.toThrow(/foreign key/);
      await expect(store.upsertGridNodes([{ ...city.gridNodes[1], parentId: `${prefix}nowhere` }], [announcement(`${prefix}refused-node`)])).rejects.toThrow(/foreign key/);
      expect(await takeAnnounced()).toEqual([`${prefix}nodes`, `${prefix}segment`]);
      expect(await storedSegments()).toEqual([city.segments[0]]);
    });

    it('refuses a segment whose grid node is not stored, and stores nothing of that call', async () => {
      await store.upsertGridNodes(city.gridNodes);
      const [kept, lost] = city.segments;
      await expect(store.upsertSegments([kept, { ...lost, gridNodeId: `${prefix}nowhere` }])).rejects.toThrow(/foreign key/);
      expect(await storedSegments()).toEqual([]);
    });
  });
}
