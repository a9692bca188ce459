/**
 * The registry store in PostgreSQL (tables grid_node, segment): multi-row upserts on the natural keys,
 * so replaying the compacted topics or re-importing a file changes nothing, and the full load at start.
 * Ratings go in the jsonb `ratings` column in the shape of SegmentRatingsRecord (plus the fields the
 * contract has beyond it: PV tilt/azimuth, battery charge and discharge limits). A change that comes
 * with announcements is written in one transaction with its outbox rows (records first, so two changes
 * of one record get outbox ids in the order they committed).
 */
import { create } from '@bufbuild/protobuf';
import { BatteryRatingSchema, EvConnectorSchema, EvCurrentType, GeoPointSchema, GridNodeKind, GridNodeSchema, LightingRatingSchema, PvRatingSchema, SegmentKind, SegmentSchema } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import type { OutboxMessage } from '@trottoir/messaging';
import { appendOutbox } from '@trottoir/persistence';
import type { Queryable, SegmentRatingsRecord } from '@trottoir/persistence';
import type { Pool } from 'pg';

import type { RegistryRecords } from './registry-records.port';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface StoredRatings extends Mutable<SegmentRatingsRecord> {
  pv: (NonNullable<SegmentRatingsRecord['pv']> & { tiltDeg: number; azimuthDeg: number }) | null;
  battery: (NonNullable<SegmentRatingsRecord['battery']> & { maxChargeW: number; maxDischargeW: number }) | null;
}

interface SegmentRow {
  segment_id: string;
  grid_node_id: string;
  kind: string;
  lat: number;
  lon: number;
  commissioned_at_ms: number;
  ratings: StoredRatings;
  connection_point_id: string;
  path: [number, number][];
}

interface GridNodeRow {
  node_id: string;
  parent_id: string | null;
  kind: string;
  rated_limit_w: number;
  dso_id: string;
  name: string;
}

function ratingsOf(segment: Segment): StoredRatings {
  const { pv, lighting, battery } = segment;
  return {
    pv: pv ? { areaM2: pv.areaM2, peakPowerW: pv.peakPowerW, inverterLimitW: pv.inverterLimitW, tiltDeg: pv.tiltDeg, azimuthDeg: pv.azimuthDeg } : null,
    lights: lighting ? { count: lighting.count, ratedPowerW: lighting.ratedPowerWEach, minDimmingPct: lighting.minDimmingPct } : null,
    evConnectors: segment.evConnectors.map((c) => ({ connectorId: c.connectorId, kind: c.current === EvCurrentType.DC ? 'dc' : 'ac', maxPowerW: c.maxPowerW })),
    battery: battery
      ? {
          capacityWh: battery.capacityWh,
          maxPowerW: Math.max(battery.maxChargeW, battery.maxDischargeW),
          minSocPct: battery.socMinPct,
          maxSocPct: battery.socMaxPct,
          maxChargeW: battery.maxChargeW,
          maxDischargeW: battery.maxDischargeW,
        }
      : null,
  };
}

function segmentOf(row: SegmentRow): Segment {
  const { pv, lights, battery, evConnectors } = row.ratings;
  return create(SegmentSchema, {
    segmentId: row.segment_id,
    gridNodeId: row.grid_node_id,
    kind: SegmentKind[row.kind as keyof typeof SegmentKind] ?? SegmentKind.UNSPECIFIED,
    location: create(GeoPointSchema, { latDeg: row.lat, lonDeg: row.lon }),
    path: row.path.map(([latDeg, lonDeg]) => create(GeoPointSchema, { latDeg, lonDeg })),
    commissionedAt: Number(row.commissioned_at_ms),
    connectionPointId: row.connection_point_id,
    ...(pv ? { pv: create(PvRatingSchema, pv) } : {}),
    ...(lights ? { lighting: create(LightingRatingSchema, { count: lights.count, ratedPowerWEach: lights.ratedPowerW, minDimmingPct: lights.minDimmingPct }) } : {}),
    evConnectors: evConnectors.map((c) => create(EvConnectorSchema, { connectorId: c.connectorId, maxPowerW: c.maxPowerW, current: c.kind === 'dc' ? EvCurrentType.DC : EvCurrentType.AC })),
    ...(battery
      ? {
          battery: create(BatteryRatingSchema, {
            capacityWh: battery.capacityWh,
            maxChargeW: battery.maxChargeW ?? battery.maxPowerW,
            maxDischargeW: battery.maxDischargeW ?? battery.maxPowerW,
            socMinPct: battery.minSocPct,
            socMaxPct: battery.maxSocPct,
          }),
        }
      : {}),
  });
}

function gridNodeOf(row: GridNodeRow): GridNode {
  return create(GridNodeSchema, {
    nodeId: row.node_id,
    parentId: row.parent_id ?? '',
    kind: GridNodeKind[row.kind as keyof typeof GridNodeKind] ?? GridNodeKind.UNSPECIFIED,
    ratedLimitW: row.rated_limit_w,
    dsoId: row.dso_id,
    name: row.name,
  });
}

/**
 * The last record per key (one statement may not update the same row twice), in key order so that
 * concurrent upserts lock rows in the same order. Foreign keys are checked at the end of the
 * statement, so a parent need not come before its child here.
 */
function lastPerKey<T>(records: readonly T[], key: (record: T) => string): T[] {
  return [...new Map(records.map((record) => [key(record), record])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => record);
}

export class PgRegistryStore implements RegistryRecords {
  constructor(private readonly pool: Pick<Pool, 'query' | 'connect'>) {}

  /** Parents must be stored already or come in the same call (foreign key on parent_id, checked at the end of the statement). */
  async upsertGridNodes(nodes: readonly GridNode[], announce: readonly OutboxMessage[] = []): Promise<void> {
    await this.withAnnouncements(announce, (db) => this.writeGridNodes(db, nodes));
  }

  /** Their grid nodes must be stored already (foreign key on grid_node_id). */
  async upsertSegments(segments: readonly Segment[], announce: readonly OutboxMessage[] = []): Promise<void> {
    await this.withAnnouncements(announce, (db) => this.writeSegments(db, segments));
  }

  /** The write alone when there is nothing to announce; else the write and the outbox rows in one transaction. */
  private async withAnnouncements(announce: readonly OutboxMessage[], write: (db: Queryable) => Promise<void>): Promise<void> {
    if (announce.length === 0) return write(this.pool);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      try {
        await write(client);
        await appendOutbox(client, announce);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  private async writeGridNodes(db: Queryable, nodes: readonly GridNode[]): Promise<void> {
    const rows = lastPerKey(nodes, (node) => node.nodeId);
    if (rows.length === 0) return;
    await db.query(
      `insert into grid_node (node_id, parent_id, kind, rated_limit_w, dso_id, name)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[])
       on conflict (node_id) do update set parent_id = excluded.parent_id, kind = excluded.kind, rated_limit_w = excluded.rated_limit_w,
         dso_id = excluded.dso_id, name = excluded.name, updated_at = now()
       where (grid_node.parent_id, grid_node.kind, grid_node.rated_limit_w, grid_node.dso_id, grid_node.name)
         is distinct from (excluded.parent_id, excluded.kind, excluded.rated_limit_w, excluded.dso_id, excluded.name)`,
      [
        rows.map((n) => n.nodeId),
        rows.map((n) => (n.parentId === '' ? null : n.parentId)),
        rows.map((n) => GridNodeKind[n.kind]),
        rows.map((n) => n.ratedLimitW),
        rows.map((n) => n.dsoId),
        rows.map((n) => n.name),
      ],
    );
  }

  private async writeSegments(db: Queryable, segments: readonly Segment[]): Promise<void> {
    const rows = lastPerKey(segments, (segment) => segment.segmentId);
    if (rows.length === 0) return;
    await db.query(
      `insert into segment (segment_id, grid_node_id, kind, lat, lon, commissioned_at, ratings, connection_point_id, path)
       select id, node, kind, lat, lon, to_timestamp(ms / 1000.0), ratings, prm, path
       from unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::jsonb[], $8::text[], $9::jsonb[])
         as t(id, node, kind, lat, lon, ms, ratings, prm, path)
       on conflict (segment_id) do update set grid_node_id = excluded.grid_node_id, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
         commissioned_at = excluded.commissioned_at, ratings = excluded.ratings, connection_point_id = excluded.connection_point_id,
         path = excluded.path, updated_at = now()
       where (segment.grid_node_id, segment.kind, segment.lat, segment.lon, segment.commissioned_at, segment.ratings, segment.connection_point_id, segment.path)
         is distinct from (excluded.grid_node_id, excluded.kind, excluded.lat, excluded.lon, excluded.commissioned_at, excluded.ratings, excluded.connection_point_id, excluded.path)`,
      [
        rows.map((s) => s.segmentId),
        rows.map((s) => s.gridNodeId),
        rows.map((s) => SegmentKind[s.kind]),
        rows.map((s) => s.location?.latDeg ?? 0),
        rows.map((s) => s.location?.lonDeg ?? 0),
        rows.map((s) => s.commissionedAt),
        rows.map((s) => JSON.stringify(ratingsOf(s))),
        rows.map((s) => s.connectionPointId),
        rows.map((s) => JSON.stringify(s.path.map((p) => [p.latDeg, p.lonDeg]))),
      ],
    );
  }

  async loadGridNodes(): Promise<GridNode[]> {
    const { rows } = await this.pool.query<GridNodeRow>('select node_id, parent_id, kind, rated_limit_w, dso_id, name from grid_node order by node_id');
    return rows.map(gridNodeOf);
  }

  /** Every segment, or those of `segmentIds`; sorted by id (in the database's collation). */
  async loadSegments(segmentIds?: readonly string[]): Promise<Segment[]> {
    const { rows } = await this.pool.query<SegmentRow>(
      `select segment_id, grid_node_id, kind, lat, lon, (extract(epoch from commissioned_at) * 1000)::float8 as commissioned_at_ms,
              ratings, connection_point_id, path
       from segment ${segmentIds ? 'where segment_id = any($1::text[])' : ''} order by segment_id`,
      segmentIds ? [segmentIds] : [],
    );
    return rows.map(segmentOf);
  }
}
