/**
 * The one contract suite of CurtailedPvInputs, run against PgCurtailedPvInputs on each PostgreSQL of the
 * integration suite and against InMemoryCurtailedPvInputs in the unit specs. Each harness seeds the same
 * small world its own way (the registry and rollups, dispatch's solved orders and the forecast tables on
 * PostgreSQL; maps in memory): a tree lv1 → ss1 → mv1 with segments on both levels, PV per quarter-hour,
 * PV limits in force, and two forecast issues of one segment.
 */
import { ISP_MS } from '@trottoir/kernel';
import { beforeAll, describe, expect, it } from 'vitest';

import type { CurtailedPvInputs } from './curtailed-pv-inputs.port';

export const T = Date.UTC(2026, 5, 22, 10);

export interface CurtailedPvWorld {
  /** [nodeId, parentId] pairs, parents first. */
  nodes: [string, string | null][];
  /** [segmentId, nodeId] pairs. */
  segments: [string, string][];
  /** [segmentId, ISP start, mean PV W]. */
  pv: [string, number, number][];
  /** PV limited by an accepted order's setpoint: segment and 15-minute ISP start. */
  limits: [string, number][];
  /** Issues of a segment's forecast: P50 per 15-minute step from startTs. */
  forecasts: { segmentId: string; issuedAt: number; startTs: number; p50W: number[] }[];
}

export const WORLD: CurtailedPvWorld = {
  nodes: [
    ['mv1', null],
    ['ss1', 'mv1'],
    ['lv1', 'ss1'],
  ],
  segments: [
    ['a', 'lv1'],
    ['b', 'lv1'],
    ['c', 'ss1'],
  ],
  pv: [
    ['a', T, 1_000],
    ['a', T + ISP_MS, 1_100],
    ['b', T, 2_000],
    ['b', T + 2 * ISP_MS, 2_200],
    ['c', T - ISP_MS, 5_000],
  ],
  limits: [
    ['a', T + ISP_MS],
    ['a', T + 2 * ISP_MS],
    ['c', T + 3 * ISP_MS],
  ],
  forecasts: [
    { segmentId: 'a', issuedAt: T - 3_600_000, startTs: T, p50W: [100, 200, 300, 400] },
    { segmentId: 'a', issuedAt: T - 900_000, startTs: T, p50W: [110, 210, 310, 410] },
  ],
};

export interface CurtailedPvHarness {
  /** Inputs over WORLD, seeded once for the suite. */
  open(world: CurtailedPvWorld): Promise<CurtailedPvInputs>;
}

export function describeCurtailedPvInputsContract(name: string, harness: CurtailedPvHarness): void {
  describe(`curtailed-pv inputs contract: ${name}`, () => {
    let inputs: CurtailedPvInputs;
    beforeAll(async () => {
      inputs = await harness.open(WORLD);
    });

    it("walks a segment's grid node up to the root, and finds the segments of a subtree", async () => {
      expect(await inputs.nodePathOf('a')).toEqual(['lv1', 'ss1', 'mv1']);
      expect(await inputs.nodePathOf('c')).toEqual(['ss1', 'mv1']);
      expect(await inputs.nodePathOf('nowhere')).toEqual([]);
      expect(await inputs.segmentsBelow('ss1')).toEqual(['a', 'b', 'c']);
      expect(await inputs.segmentsBelow('lv1')).toEqual(['a', 'b']);
    });

    it("gives each segment's PV per quarter-hour in the window, an empty series when it has none", async () => {
      const pv = await inputs.segmentsPv(['a', 'b', 'c', 'nowhere'], T, T + 2 * ISP_MS);
      expect(pv).toEqual(
        new Map([
          ['a', new Map([[T, 1_000], [T + ISP_MS, 1_100]])],
          ['b', new Map([[T, 2_000]])],
          ['c', new Map()],
          ['nowhere', new Map()],
        ]),
      );
    });

    it('gives the quarter-hours in which a setpoint limited PV, within the window', async () => {
      const limited = await inputs.pvLimitedIsps(['a', 'b', 'c'], T, T + 3 * ISP_MS);
      expect(limited).toEqual(
        new Map([
          ['a', new Set([T + ISP_MS, T + 2 * ISP_MS])],
          ['b', new Set()],
          ['c', new Set()],
        ]),
      );
    });

    it('reads the P50 of the latest forecast issued by a time, per quarter-hour of the window', async () => {
      expect(await inputs.segmentPvForecast('a', T, T + ISP_MS, T + 3 * ISP_MS)).toEqual(new Map([[T + ISP_MS, 210], [T + 2 * ISP_MS, 310]]));
      expect(await inputs.segmentPvForecast('a', T - 1_800_000, T, T + ISP_MS)).toEqual(new Map([[T, 100]]));
      expect(await inputs.segmentPvForecast('a', T - 7_200_000, T, T + ISP_MS)).toEqual(new Map());
      expect(await inputs.segmentPvForecast('b', T, T, T + ISP_MS)).toEqual(new Map());
    });
  });
}
