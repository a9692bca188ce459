/**
 * The soak (issue 12 §6): the platform on a 3-broker Kafka cluster with the simulator for --minutes, a
 * broker SIGKILLed and a service restarted on a schedule; per service RSS over time (slope, MB/h), ingestion's
 * consumer lag, p99 reading → stored and the readings lost. `npm run soak -- --help`. Not part of npm test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startKafkaCluster } from '@trottoir/local-stack';
import type { KafkaCluster } from '@trottoir/local-stack';
import { createPgPool } from '@trottoir/persistence';
import { createTestDatabase } from '@trottoir/testing';

import { metricSum } from '../../tools/cli/src/live-summary';
import type { RunningPlatform } from '../e2e/support/platform';
import { startPlatformProcess, waitForReady } from '../e2e/support/platform';
import type { RssSample } from './rss-slope';
import { longestRun, slopeMbPerHour } from './rss-slope';
import { auditSoak } from './soak-audit';
import { parseSoakOptions, USAGE } from './soak-options';

type Service = 'ingestion' | 'forecasting' | 'dispatch' | 'settlement' | 'simulator';
const SERVICES: Service[] = ['ingestion', 'forecasting', 'dispatch', 'settlement', 'simulator'];
/** Restarted in turn; the simulator is the load and is left alone (its counter is the audit's reference). */
const RESTARTED: Service[] = ['ingestion', 'dispatch', 'forecasting', 'settlement'];

/** How long the pipeline may take to store what is queued once the load stops. */
const DRAIN_MS = 5 * 60_000;

const log = (line: string) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

function rssMbOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function metricsOf(platform: RunningPlatform, service: Service): Promise<string> {
  return fetch(`${platform.url(service)}/metrics`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text()).catch(() => '');
}

async function latency(databaseUrl: string, fromMs: number): Promise<{ p50Ms: number; p99Ms: number; rows: number }> {
  const pool = createPgPool(databaseUrl, { max: 1 });
  try {
    const { rows } = await pool.query<{ p50: number | null; p99: number | null; n: string }>(
      `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99, count(*) as n
         from (select extract(epoch from received_at - ts) * 1000 as ms from telemetry where received_at >= $1) s`,
      [new Date(fromMs)],
    );
    return { p50Ms: Math.round(Number(rows[0].p50 ?? Number.NaN)), p99Ms: Math.round(Number(rows[0].p99 ?? Number.NaN)), rows: Number(rows[0].n) };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const options = parseSoakOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trottoir-soak-'));
  let cluster: KafkaCluster | undefined;
  const database = await createTestDatabase(options.databaseUrl);
  const running = new Map<Service, RunningPlatform>();
  const rss = new Map<Service, Map<number, RssSample[]>>(SERVICES.map((s) => [s, new Map()]));
  const events: { atMin: number; what: string; recoveredS?: number }[] = [];
  let maxLag = 0;
  try {
    log(`starting a 3-broker Kafka cluster in ${dataDir}`);
    cluster = await startKafkaCluster({ dataDir, nodeCount: 3, progress: (line) => log(line) });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: cluster.brokers,
      KAFKA_REPLICATION_FACTOR: String(cluster.replicationFactor),
      KAFKA_MIN_INSYNC_REPLICAS: String(cluster.minInsyncReplicas),
      LOG_LEVEL: 'warn',
      TROTTOIR_SIM_SEGMENTS: String(options.segments),
    };
    const start = async (service: Service): Promise<void> => {
      // A fresh cluster may answer before every consumer-offsets partition has a leader: a service that gets
      // no group coordinator at start exits (fail fast), so the soak starts it again, as an orchestrator would.
      for (let attempt = 1; ; attempt++) {
        const platform = await startPlatformProcess(env, { services: [service] });
        try {
          await waitForReady(platform, service);
          running.set(service, platform);
          return;
        } catch (error) {
          await platform.stop().catch(() => undefined);
          if (attempt === 5) throw error;
          log(`${service} did not start (${(error as Error).message.split('\n').slice(-1)[0]}); again in 10 s`);
          events.push({ atMin: 0, what: `${service} start retried` });
          await sleep(10_000);
        }
      }
    };
    // Ingestion first (it migrates and registers the fleet's topics), the simulator last (the load).
    for (const service of SERVICES) {
      log(`starting ${service}`);
      await start(service);
    }
    const startedMs = Date.now();
    const endMs = startedMs + options.minutes * 60_000;
    const minuteOf = (ms: number) => Math.round(((ms - startedMs) / 60_000) * 10) / 10;
    let nextKillMs = startedMs + options.killBrokerEveryMin * 60_000;
    let nextRestartMs = startedMs + options.restartEveryMin * 60_000;
    let killed: { nodeId: number; restartAtMs: number } | undefined;
    let kills = 0;
    let restarts = 0;
    log(`running ${options.minutes} min with ${options.segments} segments`);
    while (Date.now() < endMs) {
      const now = Date.now();
      for (const service of SERVICES) {
        const pid = running.get(service)?.child.pid;
        const mb = rssMbOf(pid);
        if (pid && mb !== undefined) {
          const byPid = rss.get(service) as Map<number, RssSample[]>;
          byPid.set(pid, [...(byPid.get(pid) ?? []), { atMs: now, rssMb: mb }]);
        }
      }
      const lag = metricSum(await metricsOf(running.get('ingestion') as RunningPlatform, 'ingestion'), 'trottoir_consumer_lag_messages');
      maxLag = Math.max(maxLag, lag);
      if (!killed && now >= nextKillMs) {
        const nodeId = (kills % 3) + 1;
        kills += 1;
        log(`SIGKILL to broker ${nodeId}`);
        await cluster.kill(nodeId);
        events.push({ atMin: minuteOf(now), what: `broker ${nodeId} killed` });
        killed = { nodeId, restartAtMs: now + options.brokerDownS * 1_000 };
        nextKillMs += options.killBrokerEveryMin * 60_000;
      }
      if (killed && now >= killed.restartAtMs) {
        const began = Date.now();
        await cluster.restart(killed.nodeId);
        events.push({ atMin: minuteOf(began), what: `broker ${killed.nodeId} restarted`, recoveredS: (Date.now() - began) / 1_000 });
        log(`broker ${killed.nodeId} back after ${((Date.now() - began) / 1_000).toFixed(1)} s`);
        killed = undefined;
      }
      if (now >= nextRestartMs) {
        const service = RESTARTED[restarts % RESTARTED.length];
        restarts += 1;
        const began = Date.now();
        log(`restarting ${service}`);
        await running.get(service)?.stop();
        await start(service);
        events.push({ atMin: minuteOf(began), what: `${service} restarted`, recoveredS: (Date.now() - began) / 1_000 });
        nextRestartMs += options.restartEveryMin * 60_000;
      }
      log(`t=${minuteOf(now)} min, lag ${lag}, RSS ${SERVICES.map((s) => `${s} ${Math.round(rssMbOf(running.get(s)?.child.pid) ?? 0)}`).join(', ')} MB`);
      await sleep(options.sampleEveryS * 1_000);
    }
    if (killed) await cluster.restart(killed.nodeId);

    // The load stops; the pipeline drains (lag 0 and the stored count still for 10 s), then the audit.
    const simulator = running.get('simulator') as RunningPlatform;
    const published = metricSum(await metricsOf(simulator, 'simulator'), 'trottoir_sim_readings_published_total');
    await simulator.stop();
    running.delete('simulator');
    log('simulator stopped; waiting for the pipeline to drain');
    // At most DRAIN_MS: a pipeline that stopped consuming must show up as lost readings, not hang the soak.
    let stored = -1;
    let drained = false;
    for (let stable = 0, deadline = Date.now() + DRAIN_MS; !drained && Date.now() < deadline; ) {
      await sleep(2_000);
      const metrics = await metricsOf(running.get('ingestion') as RunningPlatform, 'ingestion');
      const accepted = metricSum(metrics, 'trottoir_ingest_readings_total', 'outcome="accepted"');
      stable = accepted === stored && metricSum(metrics, 'trottoir_consumer_lag_messages') === 0 ? stable + 1 : 0;
      stored = accepted;
      drained = stable >= 5;
    }
    if (!drained) log(`the pipeline did not drain within ${DRAIN_MS / 60_000} min: auditing what is stored`);
    const audit = await auditSoak(cluster.brokers, database.url, published);
    const { p50Ms, p99Ms, rows } = await latency(database.url, startedMs);
    const rssSlopeMbPerHour: Record<string, number | null> = {};
    const rssMb: Record<string, number> = {};
    for (const service of SERVICES) {
      const run = longestRun(rss.get(service) as Map<number, RssSample[]>, 2 * 60_000);
      const slope = slopeMbPerHour(run);
      rssSlopeMbPerHour[service] = slope === null ? null : Math.round(slope * 10) / 10;
      rssMb[service] = Math.round(Math.max(0, ...[...(rss.get(service)?.values() ?? [])].flat().map((s) => s.rssMb)));
    }
    log(`events: ${events.map((e) => `${e.atMin} min ${e.what}${e.recoveredS === undefined ? '' : ` (${e.recoveredS.toFixed(1)} s)`}`).join('; ')}`);
    if (audit.lost > 0) log(`lost readings, e.g. ${audit.lostSample.join(', ')}`);
    console.log(
      JSON.stringify({
        minutes: options.minutes,
        segments: options.segments,
        lost: audit.lost,
        rssSlopeMbPerHour,
        p99Ms,
        p50Ms,
        drained,
        acknowledged: audit.acknowledged,
        duplicateMessages: audit.messages - audit.acknowledged,
        stored: audit.stored,
        latencyRows: rows,
        maxLagMessages: maxLag,
        peakRssMb: rssMb,
        events,
      }),
    );
  } finally {
    for (const platform of running.values()) await platform.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await database.drop().catch((error: Error) => log(`could not drop ${database.name}: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`[soak] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
