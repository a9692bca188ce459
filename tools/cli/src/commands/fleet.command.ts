// `trottoir fleet generate|import`: write a seeded city as a fleet file (GeoJSON or CSV), and register a
// fleet file's grid nodes and segments through the registry's REST API or its compacted Kafka topics.
// Bad records are reported with their line and reason; the good ones are registered either way.
import fs from 'node:fs';
import path from 'node:path';

import { topics, toJsonValue, GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { describeLocation, FleetFormatError, generateCity, readFleetFile, validateFleet, writeFleetCsv, writeFleetGeoJson } from '@trottoir/fleet';
import type { FleetBatch, Located, Rejection } from '@trottoir/fleet';
import { createMessageBus } from '@trottoir/messaging';
import type { MessageBus } from '@trottoir/messaging';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

import { apiToken } from '../tokens';

export interface FleetCommandDeps {
  /** stdout (the generated file, the import report). */
  out?: (text: string) => void;
  /** stderr (progress). */
  err?: (text: string) => void;
  createBus?: (brokers: string) => MessageBus;
}

const DEFAULT_API = 'http://127.0.0.1:3001';
const HTTP_CONCURRENCY = 16;
const PUBLISH_CHUNK = 1_000;

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return parsed;
  };
}

function finiteNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number');
  return parsed;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Grid nodes in waves: a node goes only after its parent (when the parent is in the file). */
function waves(nodes: readonly Located<GridNode>[]): Located<GridNode>[][] {
  const depth = new Map<string, number>();
  const byId = new Map(nodes.map((node) => [node.record.nodeId, node]));
  const depthOf = (id: string, seen = new Set<string>()): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.record.parentId;
    const value = parent && byId.has(parent) && !seen.has(parent) ? depthOf(parent, seen.add(id)) + 1 : 0;
    depth.set(id, value);
    return value;
  };
  const result: Located<GridNode>[][] = [];
  for (const node of nodes) (result[depthOf(node.record.nodeId)] ??= []).push(node);
  return result.filter(Boolean);
}

interface ImportResult {
  gridNodes: number;
  segments: number;
  rejected: Rejection[];
}

async function importOverHttp(batch: FleetBatch, api: string, token: string): Promise<ImportResult> {
  const rejected: Rejection[] = [];
  let gridNodes = 0;
  let segments = 0;
  const put = async (url: string, body: unknown, at: Rejection['at'], id: string): Promise<boolean> => {
    const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).catch((error: Error) => {
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new Error(`cannot reach the registry at ${api} (${error.message}${cause})`);
    });
    if (response.ok) {
      await response.arrayBuffer();
      return true;
    }
    const answer = (await response.json().catch(() => ({}))) as { message?: string; reasons?: string[] };
    if (response.status >= 500) throw new Error(`the registry at ${api} answered ${response.status}: ${answer.message ?? response.statusText}`);
    rejected.push({ at, id, reason: `registry: ${answer.reasons?.join('; ') ?? answer.message ?? `HTTP ${response.status}`}` });
    return false;
  };
  const base = api.replace(/\/+$/, '');
  for (const wave of waves(batch.gridNodes)) {
    await inParallel(wave, HTTP_CONCURRENCY, async ({ record, at }) => {
      if (await put(`${base}/v1/grid-nodes/${encodeURIComponent(record.nodeId)}`, toJsonValue(GridNodeSchema, record), at, record.nodeId)) gridNodes++;
    });
  }
  await inParallel(batch.segments, HTTP_CONCURRENCY, async ({ record, at }) => {
    if (await put(`${base}/v1/segments/${encodeURIComponent(record.segmentId)}`, toJsonValue(SegmentSchema, record), at, record.segmentId)) segments++;
  });
  return { gridNodes, segments, rejected };
}

async function importOverKafka(batch: FleetBatch, bus: MessageBus): Promise<ImportResult> {
  try {
    await bus.ensureTopics([topics.fleetGridNode, topics.fleetSegment]);
    const nodes: GridNode[] = batch.gridNodes.map((located) => located.record);
    const segments: Segment[] = batch.segments.map((located) => located.record);
    for (let i = 0; i < nodes.length; i += PUBLISH_CHUNK) await bus.publish(topics.fleetGridNode, nodes.slice(i, i + PUBLISH_CHUNK), { source: 'trottoir/cli' });
    for (let i = 0; i < segments.length; i += PUBLISH_CHUNK) await bus.publish(topics.fleetSegment, segments.slice(i, i + PUBLISH_CHUNK), { source: 'trottoir/cli' });
    return { gridNodes: nodes.length, segments: segments.length, rejected: [] };
  } finally {
    await bus.close();
  }
}

function report(result: ImportResult): string {
  const lines = [`registered ${result.gridNodes} grid node(s) and ${result.segments} segment(s); rejected ${result.rejected.length}${result.rejected.length ? ':' : ''}`];
  const sorted = [...result.rejected].sort((a, b) => a.at.line - b.at.line);
  for (const rejection of sorted) lines.push(`  ${describeLocation(rejection.at)}${rejection.id ? ` ${rejection.id}` : ''}: ${rejection.reason}`);
  return `${lines.join('\n')}\n`;
}

export function registerFleetCommand(program: Command, deps: FleetCommandDeps = {}): Command {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  const createBus = deps.createBus ?? ((brokers: string) => createMessageBus({ brokers: brokers.split(','), clientId: 'trottoir-cli' }));
  const fleet = program.command('fleet').description('generate a city of solar sidewalk segments, or import a fleet file into the registry');

  fleet
    .command('generate')
    .description('write a seeded, plausible city (grid topology and segments) as GeoJSON (default) or CSV')
    .requiredOption('--segments <n>', 'number of segments', wholeNumber(1))
    .requiredOption('--seed <s>', 'random seed: the same seed gives the same city', wholeNumber(Number.MIN_SAFE_INTEGER))
    .option('--out <file>', 'write to this file (.csv → CSV, else GeoJSON) instead of stdout')
    .option('--format <format>', 'geojson or csv (default: from --out, else geojson)')
    .option('--lat <deg>', 'latitude of the city centre (default Lyon)', finiteNumber)
    .option('--lon <deg>', 'longitude of the city centre (default Lyon)', finiteNumber)
    .option('--city <name>', 'city name used in substation names', 'Lyon')
    .option('--dso <id>', 'distribution system operator owning the grid', 'enedis')
    .option('--id-prefix <prefix>', 'put before every node and segment id (to keep several cities apart)', '')
    .addHelpText(
      'after',
      '\nGrid: primary substations (one per started 25,000 segments) → 6–12 MV feeders → 10–30 MV/LV\n' +
        'substations → 2–6 LV feeders → segments. GeoJSON: segments are LineString features, grid nodes\n' +
        'Point features; CSV columns are documented in libs/fleet/README.md. Example:\n' +
        '  trottoir fleet generate --segments 2000 --seed 7 --out city.geojson',
    )
    .action((options: { segments: number; seed: number; out?: string; format?: string; lat?: number; lon?: number; city: string; dso: string; idPrefix: string }) => {
      const format = options.format ?? (options.out && /\.csv$/i.test(options.out) ? 'csv' : 'geojson');
      if (format !== 'csv' && format !== 'geojson') throw new InvalidArgumentError(`--format must be geojson or csv, got ${format}`);
      if ((options.lat === undefined) !== (options.lon === undefined)) throw new InvalidArgumentError('--lat and --lon go together');
      const center = options.lat === undefined || options.lon === undefined ? undefined : { latDeg: options.lat, lonDeg: options.lon };
      const city = generateCity({ segments: options.segments, seed: options.seed, center, cityName: options.city, dsoId: options.dso, idPrefix: options.idPrefix });
      const text = format === 'csv' ? writeFleetCsv(city) : writeFleetGeoJson(city);
      if (options.out) fs.writeFileSync(options.out, text);
      else out(text);
      err(`generated ${city.segments.length} segments on ${city.gridNodes.length} grid nodes (seed ${options.seed})${options.out ? ` → ${options.out}` : ''}\n`);
    });

  fleet
    .command('import')
    .description('register the grid nodes and segments of a GeoJSON or CSV fleet file')
    .argument('<file>', 'GeoJSON (.geojson/.json or text starting with "{") or CSV')
    .option('--api <url>', 'the ingestion service’s registry API', DEFAULT_API)
    .option('--token <jwt>', 'bearer token for the API (default: TROTTOIR_TOKEN, else an admin token signed with TROTTOIR_JWT_SECRET or the development secret)')
    .option('--kafka <brokers>', 'publish to the compacted topics fleet.grid-node.v1 and fleet.segment.v1 on these brokers (comma-separated) instead of the API')
    .addHelpText(
      'after',
      '\nGrid nodes go first, parents before children, then segments. Each record is validated here\n' +
        '(and again by the registry over the API); a bad one is reported with its line and reason and\n' +
        'the others are registered anyway. Through the API, references to nodes registered earlier are\n' +
        'left to the registry to check; with --kafka, the file must hold every node it references.\n' +
        'Exit code: 0 when every record was registered, 1 when any was rejected.',
    )
    .action(async (file: string, options: { api: string; kafka?: string; token?: string }) => {
      const text = fs.readFileSync(file, 'utf8');
      let parsed: FleetBatch;
      try {
        parsed = readFleetFile(path.basename(file), text);
      } catch (error) {
        if (!(error instanceof FleetFormatError)) throw error;
        err(`trottoir fleet import: ${file}: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      const batch = validateFleet(parsed, { unknownReferences: options.kafka ? 'reject' : 'accept' });
      err(`${file}: ${batch.gridNodes.length} grid node(s) and ${batch.segments.length} segment(s) to register, ${batch.rejected.length} rejected here\n`);
      const result = options.kafka ? await importOverKafka(batch, createBus(options.kafka)) : await importOverHttp(batch, options.api, apiToken(options.token));
      out(report({ ...result, rejected: [...batch.rejected, ...result.rejected] }));
      if (batch.rejected.length + result.rejected.length > 0) process.exitCode = 1;
    });
  return fleet;
}
