/**
 * End-to-end ingestion throughput at 100,000 segments: producer -> Kafka telemetry.raw.v1 -> the real
 * ingestion service in a child process -> PostgreSQL -> grid.node-state.v1, against the raw limits of
 * the same machine in the same run (bare COPY, bare consume). Not part of `npm test`.
 * Run: npm run bench:ingest [-- --help]. Figures go to services/ingestion/src/telemetry/README.md.
 *
 * Phases: saturated (the producer keeps `--lead` readings queued ahead of what the service stored, so
 * the pipeline never starves; readings/s from the service's accepted counter), then paced at a fraction
 * of that saturated rate (`--latency-rate-fraction`, default 0.8: the JSON's p50/p99 and
 * paceReadingsPerSec; latency = stored row's received_at − reading ts, ts being the produce time) and,
 * with `--latency-rate`, at a stated load too; then the service stops and the raw limits are measured one
 * after the other.
 */
import { HOUR_MS } from '@trottoir/kernel';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { allTopics, topics } from '@trottoir/contracts';
import { findFreePorts } from '@trottoir/local-stack';
import { KafkaMessageBus } from '@trottoir/messaging';
import { createPgPool } from '@trottoir/persistence';

import type { BenchInfrastructure } from './ingest/bench-infrastructure';
import { startInfrastructure } from './ingest/bench-infrastructure';
import { encodeSegments, registerCity } from './ingest/bench-fleet';
import { fmt, printReport } from './ingest/bench-report';
import type { IngestionCounters } from './ingest/ingestion-process';
import { IngestionProcess } from './ingest/ingestion-process';
import type { IngestBenchOptions } from './ingest/ingest-options';
import { parseIngestBenchOptions } from './ingest/ingest-options';
import { busyShare, machineCpu, processTreeCpuSeconds } from './ingest/machine-cpu';
import { measureRawConsume, measureRawCopy } from './ingest/raw-limits';
import { ReadingProducer } from './ingest/reading-producer';

const log = (line: string) => console.error(`[bench:ingest] ${line}`);

interface Latency {
  p50Ms: number;
  p99Ms: number;
  rows: number;
}

async function latencyBetween(databaseUrl: string, fromTs: number, toTs: number): Promise<Latency> {
  const pool = createPgPool(databaseUrl, { max: 1 });
  try {
    const { rows } = await pool.query<{ p50: number | null; p99: number | null; n: string }>(
      `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99, count(*) as n
         from (select extract(epoch from received_at - ts) * 1000 as ms from telemetry where ts >= to_timestamp($1 / 1000.0) and ts < to_timestamp($2 / 1000.0)) s`,
      [fromTs, toTs],
    );
    return { p50Ms: Number(rows[0].p50 ?? Number.NaN), p99Ms: Number(rows[0].p99 ?? Number.NaN), rows: Number(rows[0].n) };
  } finally {
    await pool.end();
  }
}

async function storedRows(databaseUrl: string): Promise<number> {
  const pool = createPgPool(databaseUrl, { max: 1 });
  try {
    return Number((await pool.query<{ n: string }>('select count(*) as n from telemetry')).rows[0].n);
  } finally {
    await pool.end();
  }
}

/** Polls the service's counters every 250 ms; `latest` is what the producer's allowance reads. */
class CounterPoller {
  latest: IngestionCounters = { accepted: 0, rejected: 0, duplicate: 0, batches: 0, batchSeconds: 0, nodeStatesPublished: 0, heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, gcSeconds: 0 };
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(private readonly service: IngestionProcess) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.latest = await this.service.counters().catch(() => this.latest);
      await sleep(250);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, service?: IngestionProcess): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    if (service && !service.running) throw new Error(`the ingestion service exited:\n${service.output.join('')}`);
    await sleep(100);
  }
  return true;
}

async function run(options: IngestBenchOptions, infra: BenchInfrastructure, cleanups: (() => Promise<void>)[]): Promise<void> {
  for (const line of infra.describe) log(line);
  const runStart = Date.now();
  const city = await registerCity(infra.databaseUrl, options.segments, options.seed);
  log(`city: ${city.segments.length} segments, ${city.gridNodes.length} grid nodes registered (${Date.now() - runStart} ms)`);
  const fleet = encodeSegments(city.segments);

  const bus = new KafkaMessageBus({ brokers: infra.brokers.split(','), clientId: 'bench-ingest' });
  cleanups.push(() => bus.close());
  await bus.ensureTopics(allTopics);
  let nodeStateMessages = 0;
  // The first group of a fresh broker waits for __consumer_offsets (50 partitions): on a loaded machine
  // longer than the client's four FindCoordinator tries, which failed two runs of this bench.
  for (let attempt = 1; ; attempt++) {
    try {
      await bus.subscribe(topics.gridNodeState, { groupId: `bench-node-state-${randomUUID()}`, fromBeginning: false }, async (batch) => {
        nodeStateMessages += batch.messages.length;
      });
      break;
    } catch (error) {
      if (attempt >= 30) throw error;
      log(`subscribing to ${topics.gridNodeState.name} failed (${(error as Error).message}); again in 2 s`);
      await sleep(2_000);
    }
  }

  const [httpPort] = await findFreePorts(1);
  const service = new IngestionProcess({ brokers: infra.brokers, databaseUrl: infra.databaseUrl, httpPort: httpPort as number, batchSize: options.batchSize, concurrency: options.concurrency, cpuProfDir: options.cpuProf, heapMb: options.serviceHeapMb, semiSpaceMb: options.serviceSemiSpaceMb, heapSnapshotDir: options.heapSnapshot });
  cleanups.push(() => service.stop());
  const startedAt = Date.now();
  await service.ready(180_000);
  const readyRssMb = service.rssKb() / 1024;
  log(`ingestion service pid ${service.pid} ready in ${Date.now() - startedAt} ms on port ${httpPort}, RSS ${fmt(readyRssMb)} MB`);
  const poller = new CounterPoller(service);
  cleanups.push(() => poller.stop());

  // Saturated phase: always `lead` readings queued ahead of what is stored.
  const producer = new ReadingProducer(bus, fleet);
  producer.allowance = () => poller.latest.accepted + poller.latest.rejected + options.lead;
  producer.start();
  cleanups.push(() => producer.stop());
  if (!(await waitUntil(() => poller.latest.accepted > 0, 120_000, service))) throw new Error(`no reading stored after 120 s:\n${service.output.join('')}`);
  log(`first readings stored; warming up ${options.warmupSeconds} s`);
  await sleep(options.warmupSeconds * 1_000);
  const t0 = Date.now();
  const c0 = poller.latest;
  const cpuNow = () => ({ machine: machineCpu(), service: service.cpuSeconds(), kafka: processTreeCpuSeconds(infra.pids.kafka), postgres: processTreeCpuSeconds(infra.pids.postgres), bench: process.cpuUsage() });
  const cpu0 = cpuNow();
  const windowRates: number[] = [];
  for (let previous = c0, elapsed = 0; elapsed < options.steadySeconds; elapsed += 5) {
    await sleep(5_000);
    if (!service.running) throw new Error(`the ingestion service exited:\n${service.output.join('')}`);
    const current = poller.latest;
    windowRates.push((current.accepted - previous.accepted) / 5);
    previous = current;
    log(`steady ${elapsed + 5}/${options.steadySeconds} s: ${fmt(windowRates[windowRates.length - 1])} readings/s, queued ${fmt(producer.produced - current.accepted)}`);
  }
  const t1 = Date.now();
  const c1 = poller.latest;
  service.heapSnapshot();
  const cpu1 = cpuNow();
  const steadySeconds = (t1 - t0) / 1_000;
  const readingsPerSec = (c1.accepted - c0.accepted) / steadySeconds;
  // Whatever else ran on the machine meanwhile (other users of a shared box): busy CPU not ours, % of one core.
  const oursSeconds = [cpu1.service - cpu0.service, cpu1.kafka - cpu0.kafka, cpu1.postgres - cpu0.postgres, (cpu1.bench.user + cpu1.bench.system - cpu0.bench.user - cpu0.bench.system) / 1e6].filter(Number.isFinite).reduce((a, b) => a + b, 0);
  const othersPercent = Math.max(0, (100 * busyShare(cpu0.machine, cpu1.machine) * os.cpus().length) - (100 * oursSeconds) / steadySeconds);
  const batches = c1.batches - c0.batches;

  // Drain the backlog, then the paced phase for latency.
  producer.allowance = () => producer.produced;
  await waitUntil(() => poller.latest.accepted + poller.latest.rejected >= producer.produced, 120_000, service);
  const pacedPhase = async (rate: number, label: string): Promise<{ fromTs: number; toTs: number; rate: number }> => {
    const fromTs = Date.now();
    const base = producer.produced;
    producer.allowance = () => base + (rate * (Date.now() - fromTs)) / 1_000;
    log(`latency phase (${label}): ${fmt(rate)} readings/s for ${options.latencySeconds} s`);
    await sleep(options.latencySeconds * 1_000);
    const toTs = Date.now();
    producer.allowance = () => producer.produced;
    await waitUntil(() => poller.latest.accepted + poller.latest.rejected >= producer.produced, 60_000, service);
    return { fromTs, toTs, rate };
  };
  // The JSON's latency: at a pace this run sustained (a pace above it would measure a growing queue).
  const atFraction = await pacedPhase(options.latencyRateFraction * readingsPerSec, `${options.latencyRateFraction} × saturated`);
  const statedRate = options.latencyRate;
  if (statedRate !== undefined && statedRate > readingsPerSec) log(`warning: --latency-rate ${fmt(statedRate)} is above the saturated rate: that phase's latency grows with its backlog`);
  const atGoal = statedRate === undefined ? undefined : await pacedPhase(statedRate, 'stated load');
  await producer.stop();
  // Node state: at least one full minute cycle must have come after the first stored readings.
  await waitUntil(() => nodeStateMessages > 0, 70_000);
  const final = poller.latest;
  await poller.stop();
  await service.stop();
  log(`service stopped (max RSS ${fmt(service.maxRssKb / 1024)} MB); measuring latency and raw limits`);

  const [steadyLatency, statedLatency, fractionLatency, rows] = await Promise.all([
    latencyBetween(infra.databaseUrl, t0, t1),
    atGoal === undefined ? undefined : latencyBetween(infra.databaseUrl, atGoal.fromTs, atGoal.toTs),
    latencyBetween(infra.databaseUrl, atFraction.fromTs, atFraction.toTs),
    storedRows(infra.databaseUrl),
  ]);
  // The bare COPY's own CPU: this process (the writer) and PostgreSQL, whatever else runs on the machine.
  const benchCpuSeconds = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const rawCopy = await measureRawCopy(infra.databaseUrl, fleet, {
    batchSize: options.batchSize,
    writers: options.concurrency,
    seconds: options.rawSeconds,
    startTs: Math.max(runStart - 3 * HOUR_MS, runStart - (runStart % (24 * HOUR_MS))),
    ownCpuSeconds: () => benchCpuSeconds() + processTreeCpuSeconds(infra.pids.postgres),
  });
  log(`raw COPY: ${fmt(rawCopy.perSec)} rows/s`);
  const rawConsume = await measureRawConsume(infra.brokers, producer.produced, options.batchSize, options.rawSeconds);
  log(`raw consume: ${fmt(rawConsume.perSec)} messages/s`);

  const rssMb = service.maxRssKb / 1024;
  const ratio = readingsPerSec / Math.min(rawCopy.perSec, rawConsume.perSec);
  // Machine CPU (every process, all cores) per reading or row: what bounds the ratio on a shared machine.
  const cores = os.cpus().length;
  const pipelineBusy = busyShare(cpu0.machine, cpu1.machine);
  const pipelineCpuUs = (1e6 * pipelineBusy * cores) / readingsPerSec;
  const copyCpuUs = (1e6 * rawCopy.machineBusy * cores) / rawCopy.perSec;
  const consumeCpuUs = (1e6 * rawConsume.machineBusy * cores) / rawConsume.perSec;
  const pipelineAtFullMachine = (1e6 * cores) / pipelineCpuUs;
  // The service's own share, from its process's CPU time: the figure that other sessions' load disturbs least.
  const serviceCpuUs = (1e6 * (cpu1.service - cpu0.service)) / (c1.accepted - c0.accepted);
  // The same without other users of the machine: the CPU of the processes of the pipeline (service, broker,
  // PostgreSQL, the bench's producer) and of the bare COPY (the bench's writer, PostgreSQL); NaN on servers
  // of your own (no process to read), then the cpuRatio falls back to the machine's figures.
  const ownPipelineCpuUs = (1e6 * oursSeconds) / (c1.accepted - c0.accepted);
  const ownCopyCpuUs = (1e6 * rawCopy.ownCpuSeconds) / rawCopy.count;
  const ownCpuKnown = Number.isFinite(cpu1.kafka) && Number.isFinite(cpu1.postgres) && Number.isFinite(ownCopyCpuUs);
  const cpuRatio = ownCpuKnown ? ownCopyCpuUs / ownPipelineCpuUs : copyCpuUs / pipelineCpuUs;
  printReport(
    [
      [
        'service settings',
        `--max-old-space-size=${options.serviceHeapMb || 'V8 default'}, --max-semi-space-size=${options.serviceSemiSpaceMb || 'V8 default'}, INGEST_BATCH_SIZE=${options.batchSize}, INGEST_CONCURRENCY=${options.concurrency}`,
      ],
      ['segments / grid nodes', `${fmt(city.segments.length)} / ${fmt(city.gridNodes.length)}`],
      ['steady phase', `${fmt(steadySeconds, 1)} s saturated (lead ${fmt(options.lead)} readings), after ${options.warmupSeconds} s warm-up`],
      ['pipeline readings/s', `${fmt(readingsPerSec)} (5 s windows: min ${fmt(Math.min(...windowRates))}, max ${fmt(Math.max(...windowRates))})`],
      ['pipeline batches', `${fmt(batches)} in the steady phase: mean ${fmt((c1.accepted - c0.accepted) / Math.max(batches, 1))} readings, ${fmt((1_000 * (c1.batchSeconds - c0.batchSeconds)) / Math.max(batches, 1), 1)} ms each`],
      [
        'CPU in steady phase',
        `service ${fmt((100 * (cpu1.service - cpu0.service)) / steadySeconds)} % (GC ${fmt((100 * (c1.gcSeconds - c0.gcSeconds)) / steadySeconds)} %), Kafka broker ${fmt((100 * (cpu1.kafka - cpu0.kafka)) / steadySeconds)} %, PostgreSQL ${fmt((100 * (cpu1.postgres - cpu0.postgres)) / steadySeconds)} %, bench producer ${fmt((100 * (cpu1.bench.user + cpu1.bench.system - cpu0.bench.user - cpu0.bench.system)) / 1e6 / steadySeconds)} % (of one core); machine ${fmt(100 * busyShare(cpu0.machine, cpu1.machine))} % of ${os.cpus().length} cores busy, of which other processes ${fmt(othersPercent)} % of one core`,
      ],
      ['latency, paced', `p50 ${fmt(fractionLatency.p50Ms)} ms, p99 ${fmt(fractionLatency.p99Ms)} ms over ${fmt(fractionLatency.rows)} rows at ${fmt(atFraction.rate)} readings/s (${options.latencyRateFraction} × saturated; in the JSON)`],
      ...(atGoal === undefined || statedLatency === undefined
        ? []
        : [['latency at the stated load', `p50 ${fmt(statedLatency.p50Ms)} ms, p99 ${fmt(statedLatency.p99Ms)} ms over ${fmt(statedLatency.rows)} rows at ${fmt(atGoal.rate)} readings/s (--latency-rate)`] as [string, string]]),
      ['latency, saturated', `p50 ${fmt(steadyLatency.p50Ms)} ms, p99 ${fmt(steadyLatency.p99Ms)} ms (includes the queued lead)`],
      ['readings produced / stored rows', `${fmt(producer.produced)} / ${fmt(rows)} (rejected ${fmt(final.rejected)}, duplicates ${fmt(final.duplicate)})`],
      ['grid.node-state.v1 messages', `${fmt(nodeStateMessages)} (service counter ${fmt(final.nodeStatesPublished)}; ${fmt(city.gridNodes.length)} per cycle)`],
      ['service max RSS', `${fmt(rssMb)} MB (${fmt(readyRssMb)} MB when ready; end of steady phase: V8 heap ${fmt(c1.heapUsedMb)} MB used of ${fmt(c1.heapTotalMb)} MB, external ${fmt(c1.externalMb)} MB)`],
      ['raw COPY rows/s', `${fmt(rawCopy.perSec)} (${fmt(rawCopy.count)} rows, batches of ${options.batchSize}, TelemetryWriter.write, ${options.concurrency} writer(s) at once)`],
      ['raw consume msgs/s', `${fmt(rawConsume.perSec)} (${fmt(rawConsume.count)} messages, KafkaMessageBus.subscribe, empty handler)`],
      ['ratio', `${fmt(ratio, 2)} = pipeline / min(raw COPY, raw consume)`],
      [
        'machine CPU per reading',
        `pipeline ${fmt(pipelineCpuUs, 1)} µs (${fmt(100 * pipelineBusy)} % of ${cores} cores busy; the service process alone ${fmt(serviceCpuUs, 1)} µs), raw COPY ${fmt(copyCpuUs, 1)} µs per row (${fmt(100 * rawCopy.machineBusy)} % busy), raw consume ${fmt(consumeCpuUs, 1)} µs per message (${fmt(100 * rawConsume.machineBusy)} % busy)`,
      ],
      [
        'own CPU per reading',
        `pipeline ${fmt(ownPipelineCpuUs, 1)} µs (service, broker, PostgreSQL, producer), raw COPY ${fmt(ownCopyCpuUs, 1)} µs per row (writer, PostgreSQL): other users of the machine left out`,
      ],
      [
        'ceiling on this machine',
        `the pipeline with every core busy at its cost per reading: ${fmt(pipelineAtFullMachine)} readings/s, ratio ${fmt(pipelineAtFullMachine / Math.min(rawCopy.perSec, rawConsume.perSec), 2)} (its own COPY alone is ${fmt((100 * copyCpuUs) / pipelineCpuUs)} % of that cost); cpuRatio ${fmt(cpuRatio, 2)} (${ownCpuKnown ? 'own' : 'machine'} CPU, goal ≥ 0.5)`,
      ],
    ],
    {
      readingsPerSec: Math.round(readingsPerSec),
      rawCopyPerSec: Math.round(rawCopy.perSec),
      rawConsumePerSec: Math.round(rawConsume.perSec),
      ratio: Number(ratio.toFixed(3)),
      p50Ms: Math.round(fractionLatency.p50Ms),
      p99Ms: Math.round(fractionLatency.p99Ms),
      paceReadingsPerSec: Math.round(atFraction.rate),
      rssMb: Math.round(rssMb),
      serviceCpuUsPerReading: Number(serviceCpuUs.toFixed(1)),
      machineCpuUsPerReading: Number(pipelineCpuUs.toFixed(1)),
      rawCopyCpuUsPerRow: Number(copyCpuUs.toFixed(1)),
      ownCpuUsPerReading: Number(ownPipelineCpuUs.toFixed(1)),
      rawCopyOwnCpuUsPerRow: Number(ownCopyCpuUs.toFixed(1)),
      cpuRatio: Number(cpuRatio.toFixed(3)),
    },
  );
}

async function main(): Promise<void> {
  const options = parseIngestBenchOptions(process.argv);
  const infra = await startInfrastructure(log);
  const cleanups: (() => Promise<void>)[] = [];
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
      await infra.stop();
    })());
  const abort = (why: string) => {
    log(`${why}: cleaning up`);
    process.exitCode = 1;
    void cleanup().then(() => process.exit(1));
  };
  const timer = setTimeout(() => abort(`timeout after ${options.timeoutSeconds} s`), options.timeoutSeconds * 1_000);
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  try {
    await run(options, infra, cleanups);
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
