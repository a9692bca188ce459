/**
 * The one contract suite of the LearnedStateStore, run against every adapter: PgLearnedStateStore on each
 * PostgreSQL the integration suite runs on, InMemoryLearnedStateStore in the unit specs. Parts come back
 * in order and byte for byte, only a checkpoint of the same versions is read, the latest wins, and a
 * writer that fails half-way leaves the previous checkpoint readable.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { CheckpointMeta, LearnedStateStore } from './learned-state.port';

export interface LearnedStateStoreHarness {
  /** An empty store on the system under test, for the whole suite (its tests run in order on it). */
  open(): Promise<LearnedStateStore>;
}

const T0 = Date.UTC(2026, 5, 21, 12, 0);
const VERSIONS = { stateVersion: 'spec-state/1', modelVersion: 'spec-model/1' };
const meta = (issuedAt: number, overrides: Partial<CheckpointMeta> = {}): CheckpointMeta => ({ ...VERSIONS, learnedUpToTs: issuedAt - 120_000, issuedAt, ...overrides });
const bytes = (length: number, seed: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);

async function load(store: LearnedStateStore, versions = VERSIONS): Promise<{ meta?: CheckpointMeta; parts: Uint8Array[] }> {
  const parts: Uint8Array[] = [];
  const found = await store.loadLatest(versions, (part) => parts.push(part.slice()));
  return { ...(found ? { meta: found } : {}), parts };
}

export function describeLearnedStateStoreContract(name: string, harness: LearnedStateStoreHarness): void {
  describe(`LearnedStateStore contract: ${name}`, () => {
    let store: LearnedStateStore;
    beforeAll(async () => {
      store = await harness.open();
    });

    it('has no checkpoint before the first is saved', async () => {
      expect(await load(store)).toEqual({ parts: [] });
    });

    it('gives back every part in order, byte for byte, with its meta', async () => {
      const parts = [bytes(100, 1), bytes(70_000, 2), bytes(1, 3)];
      expect(await store.save(meta(T0), parts)).toBe(70_101);
      expect(await load(store)).toEqual({ meta: meta(T0), parts });
    });

    it('reads only a checkpoint written by the same state and model versions', async () => {
      expect(await load(store, { ...VERSIONS, stateVersion: 'spec-state/2' })).toEqual({ parts: [] });
      expect(await load(store, { ...VERSIONS, modelVersion: 'spec-model/0' })).toEqual({ parts: [] });
    });

    it('reads the latest checkpoint once a newer one is saved', async () => {
      await store.save(meta(T0 + 900_000), [bytes(10, 9)]);
      expect(await load(store)).toEqual({ meta: meta(T0 + 900_000), parts: [bytes(10, 9)] });
    });

    it('keeps the previous checkpoint when the writer fails half-way', async () => {
      function* failing(): Generator<Uint8Array> {
        yield bytes(20, 4);
        throw new Error('killed while encoding');
      }
      await expect(store.save(meta(T0 + 1_800_000), failing())).rejects.toThrow('killed while encoding');
      expect(await load(store)).toEqual({ meta: meta(T0 + 900_000), parts: [bytes(10, 9)] });
    });
  });
}
