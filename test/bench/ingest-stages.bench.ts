/**
 * CPU per reading of the ingestion pipeline's own stages, no broker, no database: the figure a shared
 * machine disturbs least (process CPU time, GC included, each stage on the same readings, the stages
 * taking turns), for attributing what `bench:ingest` measures end to end. Not part of `npm test`.
 * Run: node tools/scripts/run-ts.mjs test/bench/ingest-stages.bench.ts [--segments 100000] [--rounds 5]
 *
 * Stages, per batch of one telemetry.raw.v1 partition (INGEST_BATCH_SIZE readings, 2,000):
 * - check: decode + key check + validation against the registry (`TelemetryPipeline.check`);
 * - copy: reading → row, the row checks and the COPY text as the bytes sent to PostgreSQL;
 * - validated: the telemetry.validated.v2 records (`validatedRecords`) built into a Kafka record batch as
 *   the producer does (our adapter's `toRecord`, @platformatic/kafka's `createRecordsBatch`);
 * - validated, one record per reading: the same for the former telemetry.validated.v1 (envelope headers
 *   and an event id per reading), for comparison.
 */
import { randomUUID } from 'node:crypto';

import { createRecordsBatch } from '@platformatic/kafka';
import type { MessageRecord } from '@platformatic/kafka';
import { ENVELOPE_HEADERS, envelopeHeaders, PROTOBUF_CONTENT_TYPE, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { OutgoingMessage, ReceivedMessage } from '@trottoir/messaging';
import { DeadLetterPublisher, InProcessMessageBus, partitionForKey } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import { assertStorableRow } from '@trottoir/persistence';
import { Command, InvalidArgumentError } from 'commander';

import { headerBytes, toRecord } from '../../libs/messaging/src/kafka/kafka-records';
import { encodeCopyChunks } from '../../libs/persistence/src/telemetry/telemetry-copy.encoder';
import { toTelemetryRow } from '../../services/ingestion/src/telemetry/reading-row';
import { InMemorySegmentLookup } from '../../services/ingestion/src/telemetry/testing/telemetry.fixtures';
import { TelemetryMetrics } from '../../services/ingestion/src/telemetry/telemetry.metrics';
import { TelemetryPipeline } from '../../services/ingestion/src/telemetry/telemetry.pipeline';
import type { ValidReading } from '../../services/ingestion/src/telemetry/validated-records';
import { validatedRecords } from '../../services/ingestion/src/telemetry/validated-records';
import { encodeSegments, withTs } from './ingest/bench-fleet';

const BATCH = 2_000;
const SOURCE = 'trottoir/ingestion';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number is expected');
  return n;
}

/** What the producer does with a publish's records: our adapter's record, then the client's batch bytes. */
function kafkaBatchBytes(topic: string, records: readonly OutgoingMessage[], now: number): number {
  const toBytes = headerBytes();
  // As the producer's send: a Map of the headers, each name serialised to bytes, then the batch.
  const serialised: MessageRecord[] = records.map((record) => {
    const m = toRecord(topic, record, now, toBytes);
    const headers = new Map<Buffer, Buffer>();
    for (const [name, value] of Object.entries(m.headers ?? {})) headers.set(Buffer.from(name, 'utf8'), value);
    return { topic, partition: 0, key: m.key as Buffer, value: m.value as Buffer, headers, timestamp: m.timestamp };
  });
  return createRecordsBatch(serialised).length;
}

/** The former telemetry.validated.v1 records: one per reading, its own event id, the batch's envelope. */
function perReadingRecords(valid: readonly ValidReading[], time: number): OutgoingMessage[] {
  const shared = envelopeHeaders({ id: '', type: SegmentTelemetrySchema.typeName, source: SOURCE, time, key: '', traceparent: '', tracestate: '', contentType: PROTOBUF_CONTENT_TYPE });
  return valid.map(({ reading, protobuf }) => ({ key: reading.segmentId, value: protobuf as Uint8Array, headers: { ...shared, [ENVELOPE_HEADERS.id]: randomUUID() }, timestampMs: time }));
}

function cpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--segments <n>', 'segments of the generated city (one reading each per round)', positiveInt, 100_000)
    .option('--rounds <n>', 'rounds; each stage runs once per round over every reading, the stages in turn', positiveInt, 5)
    .parse(process.argv)
    .opts<{ segments: number; rounds: number }>();
  const city = generateCity({ segments: options.segments, seed: 1 });
  const fleet = encodeSegments(city.segments);
  const bus = new InProcessMessageBus();
  const pipeline = new TelemetryPipeline({
    bus,
    deadLetters: new DeadLetterPublisher(bus, topics.telemetryDlq, 'ingestion'),
    writer: { write: async () => ({ inserted: 0, duplicates: 0 }) },
    dirtyIntervals: { mark: async () => undefined },
    segments: new InMemorySegmentLookup(city.segments),
    metrics: new TelemetryMetrics(new Registry()),
  });
  // One partition's batches, as the consumer hands them over.
  const now = Date.now();
  const byPartition = new Map<number, ReceivedMessage[]>();
  fleet.forEach((segment, i) => {
    const partition = partitionForKey(segment.key, topics.telemetryRaw.partitions);
    const list = byPartition.get(partition) ?? [];
    list.push({ topic: topics.telemetryRaw.name, partition, offset: BigInt(i), key: segment.key, value: withTs(segment.body, now - 1_000), headers: {}, timestampMs: now });
    byPartition.set(partition, list);
  });
  const batches: ReceivedMessage[][] = [];
  for (const list of byPartition.values()) for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH));
  const checked = batches.map((batch) => batch.map((message) => pipeline.check(message, now)).filter((v): v is Extract<typeof v, { ok: true }> => v.ok));
  const readings = checked.reduce((sum, batch) => sum + batch.length, 0);
  if (readings !== fleet.length) throw new Error(`${fleet.length - readings} readings failed validation`);

  let sink = 0;
  const stages: [string, () => void][] = [
    ['check (decode, key, validate)', () => batches.forEach((batch) => batch.forEach((message) => (sink += pipeline.check(message, now).ok ? 1 : 0)))],
    ['copy (row, row checks, COPY bytes)', () => checked.forEach((batch) => {
      const rows = batch.map((v) => toTelemetryRow(v.reading));
      rows.forEach(assertStorableRow);
      for (const chunk of encodeCopyChunks(rows)) sink += Buffer.byteLength(chunk);
    })],
    ['validated.v2 records + Kafka batch', () => checked.forEach((batch) => (sink += kafkaBatchBytes(topics.telemetryValidated.name, validatedRecords(batch, SOURCE, now), now)))],
    ['validated.v1 (per reading) + Kafka batch', () => checked.forEach((batch) => (sink += kafkaBatchBytes('telemetry.validated.v1', perReadingRecords(batch, now), now)))],
  ];
  const samples = new Map<string, number[]>(stages.map(([name]) => [name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const [name, run] of stages) {
      const before = cpuUs();
      run();
      // Round 0 warms the JIT up and is not counted.
      if (round > 0) samples.get(name)?.push((cpuUs() - before) / readings);
    }
  }
  console.log(`${readings} readings in ${batches.length} batches, ${options.rounds} rounds; CPU µs per reading (process CPU, GC included): median [min–max]`);
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`${name.padEnd(42)} ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} [${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}]`);
  }
  console.log(JSON.stringify(Object.fromEntries([...samples].map(([name, values]) => [name, Number([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(2))]))), sink > 0 ? '' : ' ');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
