import type { NodeState } from '@trottoir/telemetry';
import { describe, expect, it } from 'vitest';

import { LatestNodeStates } from './latest-node-states';

const MINUTE_MS = 60_000;
const state = (nodeId: string, minute: number, netPowerW = minute): NodeState => ({
  nodeId,
  intervalStartTs: minute * MINUTE_MS,
  intervalMs: MINUTE_MS,
  pvPowerW: 0,
  loadPowerW: netPowerW,
  netPowerW,
  segmentsReporting: 1,
  segmentsStale: 0,
  segmentsOffline: 0,
  segmentsTotal: 1,
  flexUpW: 0,
  flexDownW: 0,
  computedAtTs: (minute + 1) * MINUTE_MS,
});

describe('LatestNodeStates', () => {
  it('keeps per node the latest interval whatever order the published states arrive in', () => {
    const latest = new LatestNodeStates();
    latest.merge([state('a', 10), state('b', 11)]);
    latest.merge([state('a', 11), state('b', 10, -5)]);
    latest.merge([state('a', 11, 99)]); // a redelivery of the same minute: the first one stays
    expect([latest.get('a')?.netPowerW, latest.get('b')?.netPowerW]).toEqual([11, 11]);
  });

  it('stops answering for a node more than one interval behind the newest (no longer computed)', () => {
    const latest = new LatestNodeStates();
    latest.merge([state('kept', 20), state('removed', 20)]);
    latest.merge([state('kept', 21)]);
    expect(latest.get('removed')?.intervalStartTs).toBe(20 * MINUTE_MS); // one interval of slack
    latest.merge([state('kept', 22)]);
    expect([latest.get('kept')?.intervalStartTs, latest.get('removed')]).toEqual([22 * MINUTE_MS, undefined]);
  });

  it('on the lease holder: the computed cycle replaces everything, and its own published states change nothing', () => {
    const latest = new LatestNodeStates();
    latest.merge([state('gone', 5), state('a', 5)]);
    latest.replace([state('a', 6, 7)]);
    latest.merge([state('a', 6, 7)]);
    expect([latest.get('a')?.netPowerW, latest.get('gone')]).toEqual([7, undefined]);
  });
});
