/**
 * The one contract suite of OrganiserData, run against PgOrganiserData on each PostgreSQL of the integration
 * suite and InMemoryOrganiserData in the unit specs: records are read back per operation and window, a newer
 * record for an ISP wins over an older one, and one recorded at the same instant again changes nothing.
 */
import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import type { OrganiserData } from './organiser-data.port';

const T = Date.UTC(2031, 5, 1, 10);
const Q = 15 * 60_000;

export function describeOrganiserDataContract(name: string, harness: { open(): Promise<OrganiserData> }): void {
  describe(`organiser data contract: ${name}`, () => {
    let data: OrganiserData;
    beforeAll(async () => {
      data = await harness.open();
    });

    it("reads each participant's consumption per ISP in the window, the newest record of each", async () => {
      const nodeId = `op-${randomUUID()}`;
      await data.recordConsumption(nodeId, 'building-1', [{ ispStart: T, powerW: 1_000 }, { ispStart: T + Q, powerW: 1_100 }, { ispStart: T + 2 * Q, powerW: 1_200 }], T + 10 * Q);
      await data.recordConsumption(nodeId, 'building-2', [{ ispStart: T, powerW: 50 }], T + 10 * Q);
      await data.recordConsumption(`other-${nodeId}`, 'building-1', [{ ispStart: T, powerW: 9_999 }], T + 10 * Q);
      // A correction of one ISP, then a replay of the first upload at its own instant: the correction stays.
      await data.recordConsumption(nodeId, 'building-1', [{ ispStart: T + Q, powerW: 1_150 }], T + 20 * Q);
      await data.recordConsumption(nodeId, 'building-1', [{ ispStart: T + Q, powerW: 1_100 }], T + 10 * Q);
      expect(await data.consumption(nodeId, T, T + 2 * Q)).toEqual(
        new Map([
          ['building-1', new Map([[T, 1_000], [T + Q, 1_150]])],
          ['building-2', new Map([[T, 50]])],
        ]),
      );
      expect(await data.consumption(nodeId, T + 3 * Q, T + 4 * Q)).toEqual(new Map());
    });

    it('reads the custom shares per ISP, the newest record of each participant', async () => {
      const nodeId = `op-${randomUUID()}`;
      await data.recordShares(nodeId, [{ ispStart: T, shares: { 'building-1': 0.5, 'street-lighting': 0.25 } }, { ispStart: T + Q, shares: { 'building-1': 1 } }], T + 10 * Q);
      await data.recordShares(nodeId, [{ ispStart: T, shares: { 'building-1': 0.125 } }], T + 11 * Q);
      expect(await data.shares(nodeId, T, T + 2 * Q)).toEqual(
        new Map([
          [T, new Map([['building-1', 0.125], ['street-lighting', 0.25]])],
          [T + Q, new Map([['building-1', 1]])],
        ]),
      );
      expect(await data.shares(nodeId, T + Q, T + 2 * Q)).toEqual(new Map([[T + Q, new Map([['building-1', 1]])]]));
    });
  });
}
