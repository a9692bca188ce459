/**
 * Follows telemetry.validated.v2 into the live state. Every instance needs every segment's latest
 * reading, so it reads all partitions in a consumer group of its own, from the end (what matters is
 * the next reading: a segment that has not reported since the start is not fresh anyway). A record is a
 * batch of readings (ingestion's batch of one partition), taken in order.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, decodeEach, LOGGER } from '@trottoir/service-runtime';

import { LiveState } from './live-state';

@Injectable()
export class LiveFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(LiveState) private readonly live: LiveState,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A record holds up to a few thousand readings (one ingestion batch): a few records per handler call
    // keep a call as long as the 2,000 single readings of before, and commits as rare.
    await this.supervisor.subscribePerInstance(topics.telemetryValidated, { purpose: 'live', fromBeginning: false, maxBatchSize: 4 }, async (batch) => {
      for (const reading of decodeEach(batch, this.logger).flatMap((readings) => readings.readings)) {
        this.live.put(reading.segmentId, {
          ts: reading.ts,
          pvPowerW: reading.pvPowerW,
          lightsPowerW: reading.lightsPowerW,
          evPowerW: reading.evPowerW,
          batteryPowerW: reading.batteryPowerW,
          ...(reading.batterySocPct === undefined ? {} : { batterySocPct: reading.batterySocPct }),
          evSessionsActive: reading.evSessionsActive,
          netPowerW: reading.netPowerW,
        });
      }
    });
  }
}
