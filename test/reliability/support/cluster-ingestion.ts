/**
 * The ingestion service as it runs in production, on a Kafka cluster the spec owns: `trottoir start
 * --services ingestion` as a child process (topics replicated 3 times, min.insync.replicas 2, on a
 * throwaway database), a registered city to send readings for, and what the fault specs measure: rows
 * stored, readiness over time, how long a device's publish waits.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import type { Segment } from '@trottoir/contracts';
import { GridNodeSchema, SegmentSchema, SegmentTelemetrySchema, toJsonValue } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { KafkaCluster } from '@trottoir/local-stack';
import type { OutgoingMessage } from '@trottoir/messaging';
import { bearer, createTestDatabase, TEST_JWT_SECRET } from '@trottoir/testing';
import type { TestDatabase } from '@trottoir/testing';
import pg from 'pg';

import type { RunningPlatform } from '../../e2e/support/platform';
import { startPlatformProcess, waitForReady } from '../../e2e/support/platform';

export interface ClusterIngestion {
  readonly platform: RunningPlatform;
  readonly database: TestDatabase;
  readonly segments: readonly Segment[];
  /** Rows of the `telemetry` table for the city's segments, and how many distinct (segment, ts) among them. */
  storedReadings(): Promise<{ rows: number; distinct: number }>;
  stop(): Promise<void>;
}

/** The settings a service needs for the cluster: every broker, and the replication the cluster can hold. */
export function clusterEnv(cluster: KafkaCluster, namespace: string): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: cluster.brokers,
    KAFKA_REPLICATION_FACTOR: String(cluster.replicationFactor),
    KAFKA_MIN_INSYNC_REPLICAS: String(cluster.minInsyncReplicas),
    TROTTOIR_KAFKA_NAMESPACE: namespace,
  };
}

const admin = () => bearer({ roles: ['admin'], subject: 'kafka-broker-loss-spec' });

async function put(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'PUT', headers: { ...admin(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`PUT ${url}: ${response.status} ${await response.text()}`);
}

/**
 * Starts ingestion on the Kafka that `kafkaEnv` names (KAFKA_BROKERS, its replication, security, the
 * namespace) and registers `segmentCount` segments through its REST API.
 */
export async function startClusterIngestion(kafkaEnv: NodeJS.ProcessEnv, namespace: string, segmentCount: number): Promise<ClusterIngestion> {
  const database = await createTestDatabase(process.env.DATABASE_URL as string);
  const platform = await startPlatformProcess(
    { ...process.env, ...kafkaEnv, TROTTOIR_KAFKA_NAMESPACE: namespace, DATABASE_URL: database.url, TROTTOIR_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn' },
    { services: ['ingestion'] },
  );
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const stop = async (): Promise<void> => {
    await platform.stop();
    await pool.end();
    await database.drop();
  };
  try {
    await waitForReady(platform, 'ingestion');
    const city = generateCity({ segments: segmentCount, seed: 12, idPrefix: `${namespace}-` });
    for (const node of city.gridNodes) await put(`${platform.url('ingestion')}/v1/grid-nodes/${node.nodeId}`, toJsonValue(GridNodeSchema, node));
    for (const segment of city.segments) await put(`${platform.url('ingestion')}/v1/segments/${segment.segmentId}`, toJsonValue(SegmentSchema, segment));
    const storedReadings = async () => {
      const { rows } = await pool.query<{ rows: number; distinct: number }>(
        'select count(*)::int as rows, count(distinct (segment_id, ts))::int as distinct from telemetry where segment_id like $1',
        [`${namespace}-%`],
      );
      return rows[0] as { rows: number; distinct: number };
    };
    return { platform, database, segments: city.segments, storedReadings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Reading number `i` of a stream over `segments`: segment i mod n, a distinct ts per reading, a
 * night-time reading (no PV) that every segment's ratings admit.
 */
export function telemetryRecord(segments: readonly Segment[], i: number, startTs: number): OutgoingMessage {
  const segment = segments[i % segments.length] as Segment;
  const ts = startTs + Math.floor(i / segments.length) * 10;
  const reading = create(SegmentTelemetrySchema, { segmentId: segment.segmentId, ts, pvPowerW: 0, lightsPowerW: 40, netPowerW: 40, meterImportWh: 1_000 + i, meterExportWh: 0 });
  return { key: segment.segmentId, value: toBinary(SegmentTelemetrySchema, reading) };
}

/** Polls a service's /ready and keeps how long it was not ready, and the longest such spell. */
export class ReadinessWatch {
  private notReadySince: number | undefined;
  private readonly timer: NodeJS.Timeout;
  notReadyMs = 0;
  longestNotReadyMs = 0;

  constructor(private readonly url: string, intervalMs = 250) {
    this.timer = setInterval(() => void this.probe(), intervalMs);
  }

  private async probe(): Promise<void> {
    const ready = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false);
    const now = Date.now();
    if (!ready && this.notReadySince === undefined) this.notReadySince = now;
    if (ready && this.notReadySince !== undefined) this.close(now);
  }

  private close(now: number): void {
    if (this.notReadySince === undefined) return;
    const spell = now - this.notReadySince;
    this.notReadyMs += spell;
    this.longestNotReadyMs = Math.max(this.longestNotReadyMs, spell);
    this.notReadySince = undefined;
  }

  /** Stops polling; a spell still open counts up to now. */
  stop(): { notReadyMs: number; longestNotReadyMs: number; readyAtEnd: boolean } {
    clearInterval(this.timer);
    const readyAtEnd = this.notReadySince === undefined;
    this.close(Date.now());
    return { notReadyMs: this.notReadyMs, longestNotReadyMs: this.longestNotReadyMs, readyAtEnd };
  }
}
