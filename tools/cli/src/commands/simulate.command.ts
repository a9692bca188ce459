/**
 * `trottoir simulate`: drives N simulated segments (the @trottoir/simulator domain, run directly, no
 * NestJS) in real time or faster, or replays a period as fast as the transport takes it, and publishes
 * their readings to Kafka, MQTT or HTTP. Progress goes to stderr once a second.
 */
import { generateCity } from '@trottoir/fleet';
import { parseDurationMs } from '@trottoir/kernel';
import { createFleetState, realTimeStartTs, stepDueAtMs, stepFleet, stepStampTs, UnknownTimeZoneError } from '@trottoir/simulator';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';

import { apiToken } from '../tokens';
import { httpSink, kafkaSink, mqttSink, SinkError } from './simulate.sinks';
import type { TelemetrySink } from './simulate.sinks';

interface SimulateOptions {
  segments: number;
  seed: number;
  speed: number;
  from?: number;
  to?: number;
  interval: number;
  duration?: number;
  target: 'kafka' | 'mqtt' | 'http';
  kafka: string;
  mqtt: string;
  mqttQos: 0 | 1;
  http: string;
  token?: string;
  httpBatch: number;
  timeZone: string;
}

/** `90`, `60s`, `15m`, `1h30m`, `2d`: a duration in ms (a bare number is seconds). */
export function parseDuration(raw: string): number {
  let ms: number;
  try {
    ms = parseDurationMs(raw, { bareUnit: 's' });
  } catch {
    throw new InvalidArgumentError('expected a duration such as 60s, 15m, 1h or 1h30m');
  }
  if (ms <= 0) throw new InvalidArgumentError('expected a duration above zero');
  return ms;
}

function wholeNumber(min: number): (raw: string) => number {
  return (raw) => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return Number(raw);
  };
}

function positiveNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a number above zero');
  return value;
}

function isoInstant(raw: string): number {
  const ts = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ts)) throw new InvalidArgumentError('expected an ISO 8601 instant such as 2026-06-21T00:00:00Z');
  return ts;
}

function urlOf(protocols: string[]): (raw: string) => string {
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InvalidArgumentError(`expected a ${protocols.join(' or ')} URL`);
    }
    if (!protocols.includes(url.protocol.replace(/:$/, ''))) throw new InvalidArgumentError(`expected a ${protocols.join(' or ')} URL`);
    return raw;
  };
}

export function registerSimulateCommand(program: Command): Command {
  return program
    .command('simulate')
    .description('simulate a fleet of solar sidewalk segments and publish their telemetry (Kafka, MQTT or HTTP)')
    .option('--segments <n>', 'number of segments in the generated city', wholeNumber(1), 2_000)
    .option('--seed <s>', 'seed of the city and of the simulation (same seed, same readings)', wholeNumber(0), 1)
    .option('--speed <x>', 'simulated seconds per real second in real-time mode', positiveNumber, 1)
    .option('--from <iso>', 'replay from this instant as fast as possible (needs --to)', isoInstant)
    .option('--to <iso>', 'end of the replay: the last reading is stamped at or before it', isoInstant)
    .addOption(new Option('--interval <duration>', 'simulated time between two readings of a segment (e.g. 60s, 15m)').argParser(parseDuration).default(60_000, '60s'))
    .option('--duration <duration>', 'real-time mode: stop after this much wall-clock time (default: until Ctrl-C)', parseDuration)
    .addOption(new Option('--target <target>', 'where readings go').choices(['kafka', 'mqtt', 'http']).default('kafka'))
    .option('--kafka <brokers>', 'Kafka bootstrap brokers host:port[,…]', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .option('--mqtt <url>', 'MQTT broker URL', urlOf(['mqtt', 'mqtts', 'ws', 'wss']), 'mqtt://127.0.0.1:1883')
    .addOption(new Option('--mqtt-qos <qos>', 'MQTT QoS of each reading').choices(['0', '1']).default(1).argParser((raw) => Number(raw) as 0 | 1))
    .option('--http <url>', 'base URL of the ingestion service', urlOf(['http', 'https']), 'http://127.0.0.1:3001')
    .option('--http-batch <n>', 'readings per HTTP request', wholeNumber(1), 1_000)
    .option('--token <jwt>', 'bearer token for --target http (default: TROTTOIR_TOKEN, else an admin token signed with TROTTOIR_JWT_SECRET or the development secret)')
    .option('--time-zone <iana>', 'time zone of the city (lighting policy, EV habits)', 'Europe/Paris')
    .addHelpText(
      'after',
      [
        '',
        'Modes:',
        '  real time   readings every --interval of simulated time, each stamped at the end of its interval and',
        '              never sent before that instant; simulated time runs --speed times faster than the wall',
        '              clock until it catches up with now; with --speed > 1 and --duration it starts in the past',
        '              and ends now (without --duration it starts now, so it runs in real time)',
        '  replay      --from/--to: one reading per --interval after --from up to --to, each stamped at the end',
        '              of its interval, as fast as the target takes them',
        '',
        'Targets:',
        '  kafka  telemetry.raw.v1 (protobuf with CloudEvents headers); the city is first published on',
        '         fleet.grid-node.v1 and fleet.segment.v1 so that the ingestion registry knows it',
        '  mqtt   trottoir/telemetry/<segmentId>, proto3 JSON',
        '  http   POST <url>/v1/telemetry, NDJSON batches',
        '',
        'Example: trottoir simulate --segments 50 --seed 1 --from 2026-06-21T00:00:00Z --to 2026-06-22T00:00:00Z --target mqtt',
      ].join('\n'),
    )
    .action(async (options: SimulateOptions, command: Command) => {
      if ((options.from === undefined) !== (options.to === undefined)) command.error('error: --from and --to go together (replay a period)');
      if (options.from !== undefined && options.to !== undefined && options.to <= options.from) command.error('error: --to must be after --from');
      try {
        await simulate(options);
      } catch (error) {
        if (!(error instanceof SinkError) && !(error instanceof UnknownTimeZoneError)) throw error;
        process.stderr.write(`trottoir simulate: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

function openSink(options: SimulateOptions): Promise<TelemetrySink> {
  switch (options.target) {
    case 'kafka':
      return kafkaSink(options.kafka.split(',').map((broker) => broker.trim()).filter(Boolean));
    case 'mqtt':
      return mqttSink(options.mqtt, options.mqttQos);
    case 'http':
      return Promise.resolve(httpSink(options.http, options.httpBatch, apiToken(options.token)));
  }
}

const iso = (ts: number) => new Date(ts).toISOString().replace('.000Z', 'Z');

async function simulate(options: SimulateOptions): Promise<void> {
  const city = generateCity({ segments: options.segments, seed: options.seed });
  const fleet = createFleetState(city.segments, { seed: options.seed, timeZone: options.timeZone });
  const sink = await openSink(options);
  let stopping = false;
  let wake: (() => void) | undefined;
  /** Waits until the next step is due, or until Ctrl-C. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    wake?.();
    process.stderr.write('stopping after the step in flight (Ctrl-C again to force)…\n');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const replay = options.from !== undefined && options.to !== undefined;
  const startedMs = Date.now();
  let published = 0;
  let lastReport = { atMs: startedMs, published: 0 };
  const report = (ts: number, final = false) => {
    const nowMs = Date.now();
    if (!final && nowMs - lastReport.atMs < 1_000) return;
    const rate = ((published - lastReport.published) * 1_000) / Math.max(1, nowMs - lastReport.atMs);
    const overall = (published * 1_000) / Math.max(1, nowMs - startedMs);
    process.stderr.write(
      final
        ? `simulate: done: ${published} readings in ${((nowMs - startedMs) / 1_000).toFixed(1)} s (${Math.round(overall)} readings/s), simulated time ${iso(ts)}\n`
        : `simulate: simulated time ${iso(ts)}  ${published} readings  ${Math.round(rate)} readings/s\n`,
    );
    lastReport = { atMs: nowMs, published };
  };
  try {
    process.stderr.write(`simulate: ${city.segments.length} segments, ${city.gridNodes.length} grid nodes, seed ${options.seed} → ${sink.description}\n`);
    await sink.publishFleet(city.gridNodes, city.segments);
    const intervalMs = options.interval;
    // The simulator service's clock: each reading stamped at the end of its interval, never sent before that instant.
    const simStartTs = replay ? (options.from as number) : realTimeStartTs(startedMs, intervalMs, options.speed, options.duration);
    if (!replay && options.speed > 1 && options.duration === undefined) {
      process.stderr.write('simulate: note: --speed > 1 without --duration starts now and so runs in real time (readings are never sent ahead of the wall clock); give --duration to replay a past stretch fast\n');
    }
    let lastTs = simStartTs;
    for (let step = 0; !stopping; step++) {
      const ts = stepStampTs(step, simStartTs, intervalMs);
      if (replay && ts > (options.to as number)) break;
      if (!replay) {
        const dueMs = stepDueAtMs(step, startedMs, simStartTs, intervalMs, options.speed);
        if (options.duration !== undefined && dueMs - startedMs > options.duration) break;
        if (dueMs > Date.now()) await sleep(dueMs - Date.now());
        if (stopping) break;
      }
      const readings = stepFleet(fleet, ts, intervalMs);
      await sink.publish(readings, ts);
      published += readings.length;
      report(ts);
      lastTs = ts;
    }
    report(lastTs, true);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sink.close();
  }
}
