import { MINUTE_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import type { LivenessThresholds, SegmentLiveness } from './liveness';
import { countLiveness, evaluateLiveness } from './liveness-tracker';

const thresholds: LivenessThresholds = { staleAfterMs: 3 * MINUTE_MS, offlineAfterMs: 15 * MINUTE_MS };
const t0 = Date.UTC(2026, 5, 1, 12, 0);

describe('evaluateLiveness', () => {
  it('given no previous evaluation, when evaluated, then states are set without events', () => {
    const result = evaluateLiveness(['a', 'b'], new Map([['a', t0]]), new Map(), t0, thresholds);
    expect(Object.fromEntries(result.states)).toEqual({ a: 'online', b: 'offline' });
    expect(result.changes).toEqual([]);
  });

  it('given an online segment that stops reporting, when 3 min pass, then it turns stale with one event', () => {
    const first = evaluateLiveness(['a'], new Map([['a', t0]]), new Map(), t0, thresholds);
    const second = evaluateLiveness(['a'], new Map([['a', t0]]), first.states, t0 + 3 * MINUTE_MS, thresholds);
    expect(second.changes).toEqual([
      { type: 'SegmentLivenessChanged', segmentId: 'a', from: 'online', to: 'stale', observedAtTs: t0 + 3 * MINUTE_MS, lastReadingTs: t0 },
    ]);
  });

  it('given an offline segment, when a new reading arrives, then it turns online with one event', () => {
    const previous = new Map<string, SegmentLiveness>([['a', 'offline']]);
    const result = evaluateLiveness(['a'], new Map([['a', t0 + 20 * MINUTE_MS]]), previous, t0 + 20 * MINUTE_MS, thresholds);
    expect(result.changes.map((change) => [change.from, change.to])).toEqual([['offline', 'online']]);
  });

  it('given an unchanged state, when evaluated again, then nothing is reported', () => {
    const previous = new Map<string, SegmentLiveness>([['a', 'online']]);
    expect(evaluateLiveness(['a'], new Map([['a', t0]]), previous, t0 + MINUTE_MS, thresholds).changes).toEqual([]);
  });

  it('given a segment removed from the registry, when evaluated, then it is dropped', () => {
    const previous = new Map<string, SegmentLiveness>([['gone', 'online']]);
    expect(evaluateLiveness([], new Map(), previous, t0, thresholds).states.size).toBe(0);
  });

  it('reports an event exactly for each segment whose state differs from before', () => {
    const state = fc.constantFrom<SegmentLiveness>('online', 'stale', 'offline');
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.tuple(state, fc.option(fc.nat(30 * MINUTE_MS)))), (segments) => {
        const ids = Object.keys(segments);
        const previous = new Map(ids.map((id) => [id, segments[id][0]]));
        const last = new Map(ids.flatMap((id) => (segments[id][1] === null ? [] : [[id, t0 - (segments[id][1] as number)] as const])));
        const result = evaluateLiveness(ids, last, previous, t0, thresholds);
        const changed = ids.filter((id) => previous.get(id) !== result.states.get(id));
        expect(result.changes.map((change) => change.segmentId).sort()).toEqual(changed.sort());
        const counts = countLiveness(result.states.values());
        expect(counts.online + counts.stale + counts.offline).toBe(ids.length);
      }),
    );
  });
});
