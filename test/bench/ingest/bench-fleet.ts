/**
 * The benchmark's fleet: a generated city registered straight into the database through the
 * ingestion service's own PgRegistryStore (the service loads the registry from there at start), and one
 * physically valid protobuf reading per segment, pre-encoded without its timestamp.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import type { Segment } from '@trottoir/contracts';
import { SegmentTelemetrySchema } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { City } from '@trottoir/fleet';
import { createPgPool } from '@trottoir/persistence';

import { PgRegistryStore } from '../../../services/ingestion/src/registry/registry-store.pg';

const UPSERT_CHUNK = 5_000;

export async function registerCity(databaseUrl: string, segments: number, seed: number): Promise<City> {
  const city = generateCity({ segments, seed });
  const pool = createPgPool(databaseUrl, { max: 1 });
  try {
    const store = new PgRegistryStore(pool);
    // generateCity lists parents before children; one call keeps the foreign keys satisfied.
    await store.upsertGridNodes(city.gridNodes);
    for (let start = 0; start < city.segments.length; start += UPSERT_CHUNK) await store.upsertSegments(city.segments.slice(start, start + UPSERT_CHUNK));
  } finally {
    await pool.end();
  }
  return city;
}

/** One segment's reading: everything but `ts`, encoded once; the producer appends `ts` per message. */
export interface EncodedSegment {
  key: string;
  body: Buffer;
}

/**
 * PV at 40 % of the peak rating (within 0–1.2 × kWp whatever the sun), a little street lighting, the
 * meter registers positive: every reading passes validation when its ts is recent.
 */
export function encodeSegments(segments: readonly Segment[]): EncodedSegment[] {
  return segments.map((segment, i) => {
    const pvPowerW = Math.round(0.4 * (segment.pv?.peakPowerW ?? 0));
    const lightsPowerW = segment.lighting ? 20 : 0;
    const reading = create(SegmentTelemetrySchema, {
      segmentId: segment.segmentId,
      pvPowerW,
      lightsPowerW,
      netPowerW: lightsPowerW - pvPowerW,
      meterImportWh: 1_000 + (i % 977),
      meterExportWh: 2_000 + (i % 991),
      evSessionsActive: 0,
    });
    return { key: segment.segmentId, body: Buffer.from(toBinary(SegmentTelemetrySchema, reading)) };
  });
}

/** `double ts = 2` on the wire: tag (2 << 3 | 1 = fixed64) and 8 bytes little-endian. Fields may come in any order. */
export function withTs(body: Buffer, ts: number): Buffer {
  const value = Buffer.allocUnsafe(body.length + 9);
  body.copy(value, 0);
  value[body.length] = 0x11;
  value.writeDoubleLE(ts, body.length + 1);
  return value;
}
