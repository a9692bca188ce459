/**
 * The ingestion service under test, in a child process (`trottoir start --services ingestion`) so its
 * memory is its own: VmRSS from /proc sampled every 500 ms, its Prometheus counters scraped from
 * /metrics, and a graceful stop (SIGTERM, SIGKILL after 30 s).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(__dirname, '../../..');

export interface IngestionProcessOptions {
  brokers: string;
  databaseUrl: string;
  httpPort: number;
  batchSize: number;
  concurrency: number;
  /** Directory for a V8 CPU profile of the service; none when undefined. */
  cpuProfDir?: string;
  /** node --max-old-space-size, MB. */
  heapMb?: number;
  /** node --max-semi-space-size, MB. */
  semiSpaceMb?: number;
  /** Directory where `heapSnapshot()` makes the service write a snapshot (node --heapsnapshot-signal=SIGUSR2). */
  heapSnapshotDir?: string;
}

export interface IngestionCounters {
  accepted: number;
  rejected: number;
  duplicate: number;
  batches: number;
  batchSeconds: number;
  nodeStatesPublished: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Time spent in garbage collection so far (all kinds). */
  gcSeconds: number;
}

function sumMetric(text: string, name: string, labelFilter = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    if (labelFilter && !line.includes(labelFilter)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export class IngestionProcess {
  maxRssKb = 0;
  private readonly child: ChildProcess;
  private readonly sampler: NodeJS.Timeout;
  private exited = false;
  readonly output: string[] = [];

  constructor(private readonly options: IngestionProcessOptions) {
    const nodeFlags = [
      ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
      ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
      ...(options.semiSpaceMb ? [`--max-semi-space-size=${options.semiSpaceMb}`] : []),
      ...(options.heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${options.heapSnapshotDir}`] : []),
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: options.brokers,
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      TROTTOIR_HTTP_PORT: String(options.httpPort),
      INGEST_BATCH_SIZE: String(options.batchSize),
      INGEST_CONCURRENCY: String(options.concurrency),
    };
    // Kafka is the only input measured here.
    delete env.MQTT_URL;
    this.child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'tools/cli/bin/trottoir.js'), 'start', '--services', 'ingestion'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.once('exit', () => (this.exited = true));
    this.sampler = setInterval(() => this.sampleRss(), 500);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** VmRSS now, kB (0 once the process is gone). */
  rssKb(): number {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  }

  private sampleRss(): void {
    this.maxRssKb = Math.max(this.maxRssKb, this.rssKb());
  }

  /** User + system CPU seconds the service used so far (clock ticks of /proc/<pid>/stat, 100 per second). */
  cpuSeconds(): number {
    try {
      const fields = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return Number.NaN;
    }
  }

  async counters(): Promise<IngestionCounters> {
    // Only the families read here: a full scrape at 100,000 segments (tens of thousands of per-node series)
    // four times a second would cost the service a good share of a core, which a real Prometheus does not.
    const names = ['trottoir_ingest_readings_total', 'trottoir_ingest_batch_duration_seconds', 'trottoir_node_state_published_total', 'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes', 'nodejs_gc_duration_seconds'];
    const response = await fetch(`http://127.0.0.1:${this.options.httpPort}/metrics?${names.map((name) => `name=${name}`).join('&')}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
    return {
      accepted: sumMetric(text, 'trottoir_ingest_readings_total', 'outcome="accepted"'),
      rejected: sumMetric(text, 'trottoir_ingest_readings_total', 'outcome="rejected"'),
      duplicate: sumMetric(text, 'trottoir_ingest_readings_total', 'outcome="duplicate"'),
      batches: sumMetric(text, 'trottoir_ingest_batch_duration_seconds_count'),
      batchSeconds: sumMetric(text, 'trottoir_ingest_batch_duration_seconds_sum'),
      nodeStatesPublished: sumMetric(text, 'trottoir_node_state_published_total'),
      heapUsedMb: sumMetric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      heapTotalMb: sumMetric(text, 'nodejs_heap_size_total_bytes') / 2 ** 20,
      externalMb: sumMetric(text, 'nodejs_external_memory_bytes') / 2 ** 20,
      gcSeconds: sumMetric(text, 'nodejs_gc_duration_seconds_sum'),
    };
  }

  /** Resolves once /metrics answers (the application is built and the consumers subscribed). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`ingestion exited during start:\n${this.output.join('')}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.options.httpPort}/ready`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(250);
    }
    throw new Error(`ingestion not ready after ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  /** Asks for a heap snapshot (written asynchronously by the service into `heapSnapshotDir`). */
  heapSnapshot(): void {
    if (this.options.heapSnapshotDir && !this.exited) this.child.kill('SIGUSR2');
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  }
}
