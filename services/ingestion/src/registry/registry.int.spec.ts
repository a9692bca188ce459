/**
 * The fleet registry against the real Kafka broker and PostgreSQL: REST registration and reads,
 * validation answers, records published by another producer on the compacted topics (segments before
 * their grid nodes) landing in the registry, and `trottoir fleet generate` + `fleet import` of a file
 * with two corrupted features.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { allTopics, GridNodeSchema, SegmentSchema, toJsonValue, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import { systemClock } from '@trottoir/kernel';
import { createMessageBus } from '@trottoir/messaging';
import type { MessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { createPgPool, runMigrations } from '@trottoir/persistence';
import { startHttpService } from '@trottoir/service-runtime';
import type { RunningService } from '@trottoir/service-runtime';
import { bearer, createTestDatabase, mintTestToken, testAccessSettings } from '@trottoir/testing';
import type { TestDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import { RegistryModule } from './registry.module';

const root = path.resolve(__dirname, '../../../..');
const run = randomBytes(4).toString('hex');
const silentLogs = new Writable({ write: (_chunk, _encoding, done) => done() });

let database: TestDatabase;
let pool: Pool;
let bus: MessageBus;
let service: RunningService;

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The API needs a token now: an admin's, which may do everything these specs do.
const api = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { ...bearer({ roles: ['admin'], subject: 'registry-spec' }), ...(init.headers as Record<string, string> | undefined) } });
const put = (url: string, body: unknown) => api(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'tools/cli/bin/trottoir.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  database = await createTestDatabase(process.env.DATABASE_URL!);
  await runMigrations(database.url);
  pool = createPgPool(database.url, { max: 4 });
  bus = createMessageBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: `registry-spec-${run}` });
  await bus.ensureTopics(allTopics);
  service = await startHttpService(
    { name: 'ingestion', module: RegistryModule, portOffset: 0, usesDatabase: true },
    { name: 'ingestion', bus, pool, clock: systemClock, logger: createLogger({ service: 'ingestion', destination: silentLogs }), metrics: createMetricsRegistry('ingestion', { processMetrics: false }), access: testAccessSettings() },
    { host: '127.0.0.1', port: 0 },
  );
});

afterAll(async () => {
  await service?.close();
  await bus?.close();
  await pool?.end();
  await database?.drop();
});

describe('fleet registry', () => {
  it('registers grid nodes and a segment over REST, stores and publishes them, and answers reads', async () => {
    const city = generateCity({ segments: 3, seed: 1, idPrefix: `rest-${run}-` });
    for (const node of city.gridNodes) {
      const response = await put(`${service.url}/v1/grid-nodes/${node.nodeId}`, toJsonValue(GridNodeSchema, node));
      expect(response.status).toBe(200);
    }
    const segment = city.segments[0];
    const body = toJsonValue(SegmentSchema, segment);
    expect((await put(`${service.url}/v1/segments/${segment.segmentId}`, body)).status).toBe(200);

    expect(await (await api(`${service.url}/v1/segments/${segment.segmentId}`)).json()).toEqual(body);
    expect(await (await api(`${service.url}/v1/grid-nodes/${city.gridNodes[0].nodeId}`)).json()).toEqual(toJsonValue(GridNodeSchema, city.gridNodes[0]));
    const listed = await (await api(`${service.url}/v1/segments?gridNodeId=${city.gridNodes[0].nodeId}`)).json();
    expect(listed).toEqual([body]);
    // Every command went to the audit table in PostgreSQL, readable by an admin.
    const audited = (await (await api(`${service.url}/v1/audit?limit=1000`)).json()) as Array<{ path: string; status: number; subject: string; service: string }>;
    expect(audited.find((entry) => entry.path === `/v1/segments/${segment.segmentId}`)).toMatchObject({ status: 200, subject: 'registry-spec', service: 'ingestion' });
    expect((await pool.query('select count(*)::int as n from audit_log where path like $1', [`%rest-${run}-%`])).rows[0].n).toBe(city.gridNodes.length + 1);

    const { rows } = await pool.query('select grid_node_id, connection_point_id, ratings from segment where segment_id = $1', [segment.segmentId]);
    expect(rows).toEqual([{ grid_node_id: segment.gridNodeId, connection_point_id: segment.connectionPointId, ratings: expect.objectContaining({ pv: expect.objectContaining({ peakPowerW: segment.pv!.peakPowerW }) }) }]);

    // The registration was published on the compacted topic for the other services.
    const seen = new Set<string>();
    const consumer = await bus.subscribe(topics.fleetSegment, { groupId: `registry-spec-${run}`, fromBeginning: true }, async (batch) => {
      for (const message of batch.messages) seen.add(message.key);
    });
    await eventually(async () => (seen.has(segment.segmentId) ? true : undefined));
    await consumer.close();
  });

  it('answers 400 with the reasons for a bad body, a path that differs from the body or an unknown parent, and 404 for an unknown id', async () => {
    const city = generateCity({ segments: 1, seed: 2, idPrefix: `bad-${run}-` });
    const segment = toJsonValue(SegmentSchema, city.segments[0]) as { pv: { peakPowerW: number } };
    segment.pv.peakPowerW = -10;
    const bad = await put(`${service.url}/v1/segments/${city.segments[0].segmentId}`, segment);
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { reasons: string[] };
    expect(answer.reasons).toEqual(expect.arrayContaining(['pv.peakPowerW must be > 0, got -10', `unknown grid node "${city.segments[0].gridNodeId}"`]));

    const primary = toJsonValue(GridNodeSchema, city.gridNodes[0]);
    expect((await put(`${service.url}/v1/grid-nodes/other-id`, primary)).status).toBe(400);
    const orphan = await put(`${service.url}/v1/grid-nodes/${city.gridNodes[1].nodeId}`, toJsonValue(GridNodeSchema, city.gridNodes[1]));
    expect(orphan.status).toBe(400);
    expect(((await orphan.json()) as { message: string }).message).toContain(`unknown parent "${city.gridNodes[0].nodeId}"`);
    const typo = await put(`${service.url}/v1/grid-nodes/${city.gridNodes[0].nodeId}`, { ...(primary as object), ratedLimitKw: 3 });
    expect(typo.status).toBe(400);

    expect((await api(`${service.url}/v1/segments/nope-${run}`)).status).toBe(404);
    expect((await api(`${service.url}/v1/grid-nodes/nope-${run}`)).status).toBe(404);
    expect((await api(`${service.url}/v1/segments`)).status).toBe(400);
  });

  it('takes in records another producer publishes on the compacted topics, segments before their grid nodes', async () => {
    const city = generateCity({ segments: 30, seed: 3, idPrefix: `topic-${run}-` });
    await bus.publish(topics.fleetSegment, city.segments, { source: 'trottoir/simulator' });
    await bus.publish(topics.fleetGridNode, [...city.gridNodes].reverse(), { source: 'trottoir/simulator' });
    const last = city.segments[city.segments.length - 1];
    const found = await eventually(async () => {
      const response = await api(`${service.url}/v1/segments/${last.segmentId}`);
      return response.ok ? response.json() : undefined;
    });
    expect(found).toEqual(toJsonValue(SegmentSchema, last));
    const all = await eventually(async () => {
      const listed = (await (await api(`${service.url}/v1/segments?gridNodeId=${city.gridNodes[0].nodeId}`)).json()) as unknown[];
      return listed.length === 30 ? listed : undefined;
    });
    expect(all).toHaveLength(30);
    const { rows } = await pool.query('select count(*)::int as n from segment where segment_id like $1', [`topic-${run}-%`]);
    expect(rows[0].n).toBe(30);
  });

  it('imports a generated city with two corrupted features: both reported with their line, the others registered', async () => {
    const file = path.join(os.tmpdir(), `city-${run}.geojson`);
    const generated = await runCli(['fleet', 'generate', '--segments', '200', '--seed', '7', '--id-prefix', `cli-${run}-`, '--out', file]);
    expect(generated.code).toBe(0);
    expect(generated.stderr).toContain('generated 200 segments');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const segmentLines = lines.flatMap((line, i) => (line.includes('"segmentId"') ? [i] : []));
    const [first, second] = [segmentLines[10], segmentLines[50]];
    const firstId = JSON.parse(lines[first].replace(/,$/, '')).properties.segmentId as string;
    const secondId = JSON.parse(lines[second].replace(/,$/, '')).properties.segmentId as string;
    lines[first] = lines[first].replace(/"areaM2":\d+/, '"areaM2":1');
    lines[second] = lines[second].replace(/"gridNodeId":"[^"]+"/, `"gridNodeId":"cli-${run}-nowhere"`);
    fs.writeFileSync(file, lines.join('\n'));

    const imported = await runCli(['fleet', 'import', file, '--api', service.url, '--token', mintTestToken({ roles: ['admin'], subject: 'fleet-import' })]);
    fs.rmSync(file);
    expect(imported.stderr).not.toContain('trottoir:');
    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(/^registered \d+ grid node\(s\) and 198 segment\(s\); rejected 2:/);
    expect(imported.stdout).toContain(`line ${first + 1} (feature ${first - 1}) ${firstId}: pv.peakPowerW`);
    expect(imported.stdout).toContain(`line ${second + 1} (feature ${second - 1}) ${secondId}: registry: unknown grid node "cli-${run}-nowhere"`);

    expect((await api(`${service.url}/v1/segments/${firstId}`)).status).toBe(404);
    expect((await api(`${service.url}/v1/segments/${secondId}`)).status).toBe(404);
    const other = JSON.parse(lines[segmentLines[0]].replace(/,$/, '')).properties.segmentId as string;
    expect((await api(`${service.url}/v1/segments/${other}`)).status).toBe(200);
  });
});
