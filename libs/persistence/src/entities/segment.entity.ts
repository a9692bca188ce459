// Persistence shape of a sidewalk segment and its device ratings (jsonb, so a new device kind needs
// no column migration). Not an API or domain type.
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface SegmentRatingsRecord {
  readonly pv: { readonly peakPowerW: number; readonly areaM2: number; readonly inverterLimitW: number } | null;
  readonly lights: { readonly count: number; readonly ratedPowerW: number; readonly minDimmingPct: number } | null;
  readonly evConnectors: readonly { readonly connectorId: string; readonly kind: 'ac' | 'dc'; readonly maxPowerW: number }[];
  readonly battery: {
    readonly capacityWh: number;
    readonly maxPowerW: number;
    readonly minSocPct: number;
    readonly maxSocPct: number;
  } | null;
}

@Entity({ name: 'segment' })
export class SegmentEntity {
  @PrimaryColumn({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @Column({ name: 'grid_node_id', type: 'text' })
  gridNodeId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  @Column({ name: 'lat', type: 'double precision' })
  lat!: number;

  @Column({ name: 'lon', type: 'double precision' })
  lon!: number;

  @Column({ name: 'commissioned_at', type: 'timestamptz' })
  commissionedAt!: Date;

  @Column({ name: 'ratings', type: 'jsonb' })
  ratings!: SegmentRatingsRecord;

  /** Meter id (PRM in France); '' when unknown. */
  @Column({ name: 'connection_point_id', type: 'text', default: '' })
  connectionPointId!: string;

  /** The segment as a polyline, [[lat, lon], …]. */
  @Column({ name: 'path', type: 'jsonb', default: () => "'[]'::jsonb" })
  path!: [number, number][];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
