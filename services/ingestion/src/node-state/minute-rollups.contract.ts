/**
 * The one contract suite of the node state's minute-rollups port: `describeMinuteRollupsContract(name,
 * harness)` defines what every adapter must do (in memory in a unit spec, PostgreSQL in an integration
 * spec): readings count once a refresh rolls them up, each refresh over its own window, late intervals
 * oldest first. Every test starts on a store without telemetry; the figures are worked out by hand.
 */
import type { SegmentInterval } from '@trottoir/telemetry';

import type { StoredReading } from './minute-rollups.in-memory';
import type { MinuteRollups } from './minute-rollups.port';

export interface MinuteRollupsFixture {
  readonly rollups: MinuteRollups;
  /** Stores readings as the telemetry pipeline does; they are not rolled up yet. */
  record(readings: readonly StoredReading[]): Promise<void>;
  /** Marks the intervals of late readings as the telemetry pipeline does. */
  markDirty(tsList: readonly number[]): Promise<void>;
}

export interface MinuteRollupsHarness {
  /** A store without telemetry; called before every test. */
  create(): Promise<MinuteRollupsFixture>;
  /** Releases everything `create` took. */
  close?(): Promise<void>;
}

const at = (hour: number, minute: number, second = 0) => Date.UTC(2026, 10, 30, hour, minute, second);
const reading = (segmentId: string, ts: number, pvPowerW: number, netPowerW = pvPowerW): StoredReading => ({ segmentId, ts, pvPowerW, netPowerW });
const interval = (segmentId: string, pvPowerW: number, netPowerW = pvPowerW): SegmentInterval => ({ segmentId, pvPowerW, netPowerW, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0 });
const sorted = (intervals: SegmentInterval[]) => [...intervals].sort((a, b) => (a.segmentId < b.segmentId ? -1 : 1));

export function describeMinuteRollupsContract(name: string, harness: MinuteRollupsHarness): void {
  describe(`MinuteRollups contract: ${name}`, () => {
    let fixture: MinuteRollupsFixture;
    let rollups: MinuteRollups;

    beforeEach(async () => {
      fixture = await harness.create();
      rollups = fixture.rollups;
    });
    afterAll(async () => {
      await harness.close?.();
    });

    it('averages the devices of each segment and minute too: what the node state computes the flexibility from', async () => {
      await fixture.record([
        { segmentId: 's1', ts: at(12, 0, 10), pvPowerW: 100, netPowerW: 7_000, lightsPowerW: 400, evPowerW: 7_000, batteryPowerW: -300, batterySocPct: 40 },
        { segmentId: 's1', ts: at(12, 0, 40), pvPowerW: 300, netPowerW: 7_200, lightsPowerW: 200, evPowerW: 7_400, batteryPowerW: -100, batterySocPct: 50 },
      ]);
      await rollups.refreshRollups(at(12, 0), at(12, 1));
      expect(await rollups.minute(at(12, 0))).toEqual([{ segmentId: 's1', pvPowerW: 200, netPowerW: 7_100, lightsPowerW: 300, evPowerW: 7_200, batteryPowerW: -200, batterySocPct: 45 }]);
    });

    it('counts readings once a refresh rolls them up, widened to whole hours: averages per segment and minute, and the hourly bucket', async () => {
      await fixture.record([reading('s1', at(12, 0, 0), 1000, -600), reading('s1', at(12, 0, 30), 1200, -800), reading('s2', at(12, 0, 15), 0, 300), reading('s2', at(12, 1, 5), 50)]);
      expect(await rollups.minute(at(12, 0))).toEqual([]);
      expect(await rollups.latestHourBucketTs()).toBeUndefined();

      await rollups.refreshRollups(at(12, 0, 20), at(12, 0, 40));
      expect(sorted(await rollups.minute(at(12, 0)))).toEqual([interval('s1', 1100, -700), interval('s2', 0, 300)]);
      expect(await rollups.minute(at(12, 1))).toEqual([interval('s2', 50)]);
      expect(await rollups.minute(at(12, 2))).toEqual([]);
      expect(await rollups.latestHourBucketTs()).toBe(at(12, 0));
    });

    it('refreshes periodically the minutes since the settled time, the open one included, and an hour only once it has closed', async () => {
      await fixture.record([reading('s1', at(12, 58, 0), 10)]);
      await rollups.refreshRollups(at(12, 0), at(12, 58, 30));
      // Since then: a reading in the open minute, and one from before the settled time (late, unmarked).
      await fixture.record([reading('s1', at(13, 0, 20), 20), reading('s1', at(12, 58, 10), 30)]);

      await rollups.refreshRecentRollups(at(12, 59), at(13, 0, 30));
      expect(await rollups.minute(at(13, 0))).toEqual([interval('s1', 20)]);
      expect(await rollups.minute(at(12, 58))).toEqual([interval('s1', 10)]);
      expect(await rollups.latestHourBucketTs()).toBe(at(12, 0));

      await rollups.refreshRecentRollups(at(12, 58, 30), at(14, 0, 5));
      expect(await rollups.latestHourBucketTs()).toBe(at(13, 0));
    });

    it('recomputes the intervals marked by late readings, oldest first and at most the limit, each over its whole hour, then unmarks them', async () => {
      await fixture.record([reading('s1', at(10, 0, 0), 100), reading('s1', at(10, 20, 0), 100), reading('s1', at(11, 5, 0), 100)]);
      await rollups.refreshRollups(at(10, 0), at(12, 0));
      const late = [at(11, 5, 30), at(10, 0, 30), at(10, 20, 30)];
      await fixture.record(late.map((ts) => reading('s1', ts, 300)));
      await fixture.markDirty(late);

      expect(await rollups.refreshDirtyIntervals(2)).toBe(2);
      expect(await rollups.minute(at(10, 0))).toEqual([interval('s1', 200)]);
      expect(await rollups.minute(at(10, 20))).toEqual([interval('s1', 200)]);
      expect(await rollups.minute(at(11, 5))).toEqual([interval('s1', 100)]);

      expect(await rollups.refreshDirtyIntervals(10)).toBe(1);
      expect(await rollups.minute(at(11, 5))).toEqual([interval('s1', 200)]);
      expect(await rollups.refreshDirtyIntervals(10)).toBe(0);
    });

    it('gives the start of the latest minute each segment reported in since a time, and leaves out those silent since', async () => {
      await fixture.record([reading('s1', at(12, 0, 10), 1), reading('s1', at(12, 3, 40), 1), reading('s2', at(11, 50, 0), 1), reading('s3', at(12, 2, 59), 1)]);
      await rollups.refreshRollups(at(11, 0), at(12, 4));
      expect(await rollups.lastReadings(at(11, 55))).toEqual(
        new Map([
          ['s1', at(12, 3)],
          ['s3', at(12, 2)],
        ]),
      );
      expect((await rollups.lastReadings(at(11, 0))).get('s2')).toBe(at(11, 50));
    });
  });
}
