/** Command-line options of the end-to-end ingestion benchmark (`npm run bench:ingest -- --help`). */
import { Command, InvalidArgumentError } from 'commander';

export interface IngestBenchOptions {
  segments: number;
  seed: number;
  /** Saturated phase, after the warm-up: the rate the pipeline stores with a backlog always waiting. */
  steadySeconds: number;
  warmupSeconds: number;
  /** Readings kept queued ahead of what the service stored during the saturated phase. */
  lead: number;
  /**
   * Paced phases for latency, each `latencySeconds`: at `latencyRateFraction` of the saturated rate of the
   * same run (the JSON's p50/p99 and `paceReadingsPerSec`: a pace this machine sustains, so the latency is
   * the pipeline's, not a growing queue's), then, when `latencyRate` is given, at that stated load (table only).
   */
  latencySeconds: number;
  latencyRate?: number;
  latencyRateFraction: number;
  rawSeconds: number;
  batchSize: number;
  /** INGEST_CONCURRENCY of the service, and concurrent writers of the raw COPY (same connections in use). */
  concurrency: number;
  timeoutSeconds: number;
  /** --max-old-space-size of the service's node, MB; 0 = V8's default (from the machine's memory). */
  serviceHeapMb: number;
  /** --max-semi-space-size of the service's node, MB (young generation); 0 = V8's default. */
  serviceSemiSpaceMb: number;
  /** Heap snapshots of the service (node --heapsnapshot-signal) into this directory, one at the end of the saturated phase. */
  heapSnapshot?: string;
  /** Directory for a V8 CPU profile of the service (kept after the run). */
  cpuProf?: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number is expected');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0 is expected');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('a number in (0, 1] is expected');
  return n;
}

export function parseIngestBenchOptions(argv: string[]): IngestBenchOptions {
  const program = new Command()
    .name('ingest.bench')
    .description(
      [
        'End-to-end ingestion throughput: producer -> Kafka telemetry.raw.v1 -> ingestion service (child process, `trottoir start --services ingestion`) -> PostgreSQL -> grid.node-state.v1, at N segments;',
        'then the raw limits on the same machine: a bare COPY of the same rows (TelemetryWriter.write) and a bare consume loop of the same topic (KafkaMessageBus.subscribe, doing nothing).',
        'Uses KAFKA_BROKERS and DATABASE_URL (a throwaway database is created on that server) when set, else starts a Kafka broker and an embedded PostgreSQL in a temp dir.',
        'Prints a table, then one JSON line: {"readingsPerSec","rawCopyPerSec","rawConsumePerSec","ratio","p50Ms","p99Ms","paceReadingsPerSec","rssMb",',
        '"serviceCpuUsPerReading","machineCpuUsPerReading","rawCopyCpuUsPerRow","ownCpuUsPerReading","rawCopyOwnCpuUsPerRow","cpuRatio"}',
        '(cpuRatio = the bare COPY\'s CPU per row / the pipeline\'s per reading, counting only their own processes when the bench started the broker and PostgreSQL).',
      ].join('\n'),
    )
    .option('--segments <n>', 'segments of the generated city', positiveInt, 100_000)
    .option('--seed <n>', 'city seed', positiveInt, 1)
    .option('--warmup-seconds <s>', 'saturated production before measuring', positiveInt, 15)
    .option('--steady-seconds <s>', 'measured saturated phase (readings/s)', positiveInt, 60)
    .option('--lead <n>', 'readings queued ahead of what is stored in the saturated phase', positiveInt, 150_000)
    .option('--latency-seconds <s>', 'each paced phase measuring latency', positiveInt, 20)
    .option('--latency-rate-fraction <f>', 'pace of the latency phase, as a fraction of the saturated rate of the same run (its p50/p99 and pace go in the JSON)', fraction, 0.8)
    .option('--latency-rate <n>', 'also a second latency phase at this stated load, readings/s (table only; above the saturated rate it measures a queue)', positiveInt)
    .option('--raw-seconds <s>', 'duration of each raw-limit measurement', positiveInt, 15)
    .option('--batch-size <n>', 'INGEST_BATCH_SIZE of the service and rows per raw COPY', positiveInt, 2_000)
    .option('--concurrency <n>', 'INGEST_CONCURRENCY of the service (partition batches at once) and concurrent writers of the raw COPY', positiveInt, 2)
    .option('--timeout-seconds <s>', 'give up (and clean up) after this long', positiveInt, 900)
    .option('--service-heap-mb <n>', 'node --max-old-space-size of the service, as recommended for deployments of 100,000 segments; 0 = V8 picks from the machine memory (≈ 4 GB here)', wholeNumber, 320)
    .option('--service-semi-space-mb <n>', 'node --max-semi-space-size of the service (young generation: fewer scavenges of the per-reading garbage); 0 = V8 picks (16)', wholeNumber, 32)
    .option('--heap-snapshot <dir>', 'write a heap snapshot of the service into <dir> at the end of the saturated phase (pauses it; figures then disturbed)')
    .option('--cpu-prof <dir>', 'run the service with node --cpu-prof, writing the profile into <dir> (kept)');
  program.parse(argv);
  return program.opts<IngestBenchOptions>();
}
