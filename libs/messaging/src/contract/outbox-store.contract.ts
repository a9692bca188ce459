/**
 * The one contract suite of the outbox port: `describeOutboxStoreContract(name, harness)` defines what
 * every adapter must do (in memory in a unit spec, PostgreSQL in an integration spec). The harness
 * appends messages the way its writers do (in the store's own transaction for PostgreSQL).
 */
import type { OutboxMessage, OutboxStore, PendingOutboxMessage } from '../outbox/outbox.port';

export interface OutboxStoreHarness {
  /** A store over an empty outbox; the suite calls it once per test. */
  create(): Promise<{ store: OutboxStore; append(messages: readonly OutboxMessage[]): Promise<void> }>;
  /** Releases what `create` took. */
  close?(): Promise<void>;
}

function message(topic: string, key: string, body: string): OutboxMessage {
  return { topic, key, value: Buffer.from(body), headers: { 'ce-id': `id-${body}` }, timestampMs: 1_764_000_000_000 };
}

const bodies = (messages: readonly PendingOutboxMessage[]) => messages.map((m) => Buffer.from(m.value).toString());

export function describeOutboxStoreContract(name: string, harness: OutboxStoreHarness): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let store: OutboxStore;
    let append: (messages: readonly OutboxMessage[]) => Promise<void>;

    beforeEach(async () => {
      ({ store, append } = await harness.create());
    });
    afterAll(async () => {
      await harness.close?.();
    });

    it('hands over unpublished messages in the order they were added, with every field, then never again', async () => {
      await append([message('a.v1', 'k1', 'one'), message('b.v1', 'k2', 'two')]);
      await append([message('a.v1', 'k1', 'three')]);
      const seen: PendingOutboxMessage[][] = [];
      expect(await store.relay(10, async (batch) => void seen.push([...batch]))).toBe(3);
      expect(bodies(seen[0])).toEqual(['one', 'two', 'three']);
      expect(seen[0][1]).toMatchObject({ topic: 'b.v1', key: 'k2', headers: { 'ce-id': 'id-two' }, timestampMs: 1_764_000_000_000 });
      expect(await store.pendingCount()).toBe(0);
      expect(await store.relay(10, async () => void seen.push([]))).toBe(0);
      expect(seen).toHaveLength(1);
    });

    it('hands over at most `limit` messages per call, oldest first', async () => {
      await append(['1', '2', '3', '4', '5'].map((body) => message('a.v1', 'k', body)));
      const seen: string[][] = [];
      expect(await store.relay(2, async (batch) => void seen.push(bodies(batch)))).toBe(2);
      expect(await store.relay(2, async (batch) => void seen.push(bodies(batch)))).toBe(2);
      expect(await store.relay(2, async (batch) => void seen.push(bodies(batch)))).toBe(1);
      expect(seen).toEqual([['1', '2'], ['3', '4'], ['5']]);
    });

    it('keeps the messages pending when the publish fails, and hands the same ones over next time', async () => {
      await append([message('a.v1', 'k', 'x'), message('a.v1', 'k', 'y')]);
      await expect(store.relay(10, async () => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
      expect(await store.pendingCount()).toBe(2);
      const seen: string[] = [];
      expect(await store.relay(10, async (batch) => void seen.push(...bodies(batch)))).toBe(2);
      expect(seen).toEqual(['x', 'y']);
    });

    it('lets one relay at a time through: a second one returns 0 while the first publishes', async () => {
      await append([message('a.v1', 'k', 'only')]);
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = store.relay(10, () => {
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await inside;
      let secondSaw = 0;
      expect(await store.relay(10, async (batch) => void (secondSaw = batch.length))).toBe(0);
      expect(secondSaw).toBe(0);
      release();
      expect(await first).toBe(1);
    });

    it('prunes published messages older than the cut-off and never an unpublished one', async () => {
      await append([message('a.v1', 'k', 'sent')]);
      await store.relay(10, async () => undefined);
      await append([message('a.v1', 'k', 'waiting')]);
      expect(await store.prunePublished(Date.now() - 60_000)).toBe(0);
      expect(await store.prunePublished(Date.now() + 60_000)).toBe(1);
      expect(await store.pendingCount()).toBe(1);
      const seen: string[] = [];
      await store.relay(10, async (batch) => void seen.push(...bodies(batch)));
      expect(seen).toEqual(['waiting']);
    });
  });
}
