/**
 * The raw limits the pipeline is compared with, measured on the same machine after the service
 * stopped: a bare COPY of the same rows (same segments, same values, TelemetryWriter.write in the
 * pipeline's batch size, as many writes at once as the pipeline's INGEST_CONCURRENCY) into the same partitioned table, and a bare consume loop of the same topic
 * with the same client (KafkaMessageBus.subscribe, a handler that only counts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { fromBinary } from '@bufbuild/protobuf';
import { SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { KafkaMessageBus } from '@trottoir/messaging';
import type { TelemetryRow } from '@trottoir/persistence';
import { TelemetryWriter, TimeSeriesSchema, createPgPool } from '@trottoir/persistence';

import { toTelemetryRow } from '../../../services/ingestion/src/telemetry/reading-row';
import type { EncodedSegment } from './bench-fleet';
import { withTs } from './bench-fleet';
import { busyShare, machineCpu } from './machine-cpu';

export interface RawRate {
  perSec: number;
  count: number;
  seconds: number;
  /** Share of all the machine's cores busy while it was measured, 0–1 (whoever used them). */
  machineBusy: number;
  /** CPU seconds of the processes the measure runs on (`ownCpuSeconds` given), not of other users of the machine. */
  ownCpuSeconds: number;
}

/** The very rows the pipeline stores for these readings: decoded, then its own reading-to-row mapping. */
function templateRows(fleet: readonly EncodedSegment[]): TelemetryRow[] {
  return fleet.map((segment) => toTelemetryRow(fromBinary(SegmentTelemetrySchema, withTs(segment.body, 0))));
}

/**
 * COPY of fresh rows for `seconds`: timestamps one day before the run (a partition of their own day,
 * nothing the pipeline wrote), one pass over the fleet per simulated minute.
 */
export async function measureRawCopy(
  databaseUrl: string,
  fleet: readonly EncodedSegment[],
  options: { batchSize: number; writers: number; seconds: number; startTs: number; ownCpuSeconds: () => number },
): Promise<RawRate> {
  const { batchSize, writers, seconds, startTs, ownCpuSeconds } = options;
  const pool = createPgPool(databaseUrl, { max: writers });
  try {
    const writer = new TelemetryWriter(pool, await TimeSeriesSchema.detect(pool));
    const templates = templateRows(fleet);
    let index = 0;
    const nextBatch = () => {
      const rows: TelemetryRow[] = new Array(batchSize);
      for (let i = 0; i < batchSize; i++, index++) {
        const minute = Math.floor(index / templates.length);
        rows[i] = { ...templates[index % templates.length], ts: startTs + minute * 60_000 };
      }
      return rows;
    };
    await writer.write(nextBatch()); // partition DDL and the staging table, outside the measure
    const cpu0 = machineCpu();
    const own0 = ownCpuSeconds();
    const started = performance.now();
    let count = 0;
    // As many writers at once as the service handles batches at once (INGEST_CONCURRENCY), each on its own connection.
    const loop = async () => {
      while (performance.now() - started < seconds * 1_000) count += (await writer.write(nextBatch())).inserted;
    };
    await Promise.all(Array.from({ length: writers }, loop));
    const elapsed = (performance.now() - started) / 1_000;
    return { perSec: count / elapsed, count, seconds: elapsed, machineBusy: busyShare(cpu0, machineCpu()), ownCpuSeconds: ownCpuSeconds() - own0 };
  } finally {
    await pool.end();
  }
}

/**
 * Consumes the topic from the beginning in a fresh group for `seconds` after the first message (or
 * until `available` messages came), the handler only counting; rate from first to last message.
 */
export async function measureRawConsume(brokers: string, available: number, batchSize: number, seconds: number): Promise<RawRate> {
  const bus = new KafkaMessageBus({ brokers: brokers.split(','), clientId: 'bench-raw-consume' });
  let count = 0;
  let first = 0;
  let last = 0;
  let cpuFirst = machineCpu();
  let cpuLast = cpuFirst;
  try {
    await bus.subscribe(topics.telemetryRaw, { groupId: `bench-raw-${randomUUID()}`, fromBeginning: true, maxBatchSize: batchSize }, async (batch) => {
      const now = performance.now();
      if (count === 0) {
        first = now;
        cpuFirst = machineCpu();
      }
      cpuLast = machineCpu();
      count += batch.messages.length;
      last = now;
    });
    const deadline = performance.now() + 60_000 + seconds * 1_000;
    while (performance.now() < deadline && count < available && (count === 0 || performance.now() - first < seconds * 1_000)) await sleep(50);
  } finally {
    await bus.close();
  }
  const elapsed = Math.max(last - first, 1) / 1_000;
  return { perSec: count / elapsed, count, seconds: elapsed, machineBusy: busyShare(cpuFirst, cpuLast), ownCpuSeconds: Number.NaN };
}
