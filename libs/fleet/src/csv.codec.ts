/**
 * The fleet as CSV (RFC 4180: comma separated, double quotes around fields with commas or quotes,
 * first line = header, columns in any order, unknown columns are an error). One row per record:
 *
 * | column | grid node rows | segment rows |
 * | --- | --- | --- |
 * | record | `grid_node` | `segment` |
 * | id | nodeId | segmentId |
 * | parent_id | parent node id (empty for a primary substation) | — |
 * | grid_node_id | — | the LV feeder the segment hangs from |
 * | kind | `primary_substation`, `mv_feeder`, `secondary_substation`, `lv_feeder` | `urban_street`, `rural_road`, `car_park` |
 * | rated_limit_w, dso_id, name | rated limit in W, DSO id, name | — |
 * | path | — | `lat lon;lat lon;…` in degrees (WGS 84), at least two points |
 * | commissioned_at | — | ISO 8601 (`2021-06-01T00:00:00Z`) or epoch ms |
 * | connection_point_id | — | meter id (PRM) |
 * | pv_area_m2, pv_peak_power_w, pv_tilt_deg, pv_azimuth_deg, pv_inverter_limit_w | — | PV rating |
 * | light_count, light_power_w_each, light_min_dimming_pct | — | street lights (empty = none) |
 * | ev_connectors | — | `ac:7400;dc:50000` (current:max power W; ids 1, 2, … in order) |
 * | battery_capacity_wh, battery_max_charge_w, battery_max_discharge_w, battery_soc_min_pct, battery_soc_max_pct | — | empty = no battery |
 */
import { create } from '@bufbuild/protobuf';
import { BatteryRatingSchema, EvConnectorSchema, EvCurrentType, GridNodeKind, GridNodeSchema, LightingRatingSchema, PvRatingSchema, SegmentKind, SegmentSchema } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';

import type { City } from './city.generator';
import type { FleetBatch } from './fleet-import';
import { geoPoint, pathMidpoint } from './geo';
import { FleetFormatError } from './geojson.codec';

export const FLEET_CSV_COLUMNS = [
  'record', 'id', 'parent_id', 'grid_node_id', 'kind', 'rated_limit_w', 'dso_id', 'name', 'path', 'commissioned_at', 'connection_point_id',
  'pv_area_m2', 'pv_peak_power_w', 'pv_tilt_deg', 'pv_azimuth_deg', 'pv_inverter_limit_w', 'light_count', 'light_power_w_each', 'light_min_dimming_pct',
  'ev_connectors', 'battery_capacity_wh', 'battery_max_charge_w', 'battery_max_discharge_w', 'battery_soc_min_pct', 'battery_soc_max_pct',
] as const;
type Column = (typeof FLEET_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

/** Splits CSV text into rows of fields, each with the 1-based line it starts on. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  const endRow = () => {
    fields.push(field);
    if (rowHasContent || fields.length > 1 || field !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    rowHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[i++];
      else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      rowHasContent = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      endRow();
      rowLine = line;
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

function number(row: Row, column: Column, required: boolean): number {
  const text = (row[column] ?? '').trim();
  if (text === '') {
    if (required) throw new Error(`${column} is missing`);
    return 0;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${column} is not a number: "${text}"`);
  return value;
}

function enumValue<E extends Record<string, string | number>>(enumeration: E, column: string, text: string): E[keyof E] {
  const name = text.trim().toUpperCase().replace(/^(SEGMENT_KIND_|GRID_NODE_KIND_)/, '');
  const value = enumeration[name as keyof E];
  if (typeof value !== 'number' || value === 0) throw new Error(`${column} "${text}" is not one of ${Object.keys(enumeration).filter((k) => Number.isNaN(Number(k)) && k !== 'UNSPECIFIED').map((k) => k.toLowerCase()).join(', ')}`);
  return value as E[keyof E];
}

function readGridNode(row: Row): GridNode {
  return create(GridNodeSchema, {
    nodeId: row.id ?? '',
    parentId: row.parent_id ?? '',
    kind: enumValue(GridNodeKind, 'kind', row.kind ?? ''),
    ratedLimitW: number(row, 'rated_limit_w', true),
    dsoId: row.dso_id ?? '',
    name: row.name ?? '',
  });
}

function readTime(text: string | undefined): number {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') throw new Error('commissioned_at is missing');
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(value)) throw new Error(`commissioned_at is neither ISO 8601 nor epoch ms: "${trimmed}"`);
  return value;
}

function readSegment(row: Row): Segment {
  const path = (row.path ?? '').split(';').filter((pair) => pair.trim() !== '').map((pair) => {
    const [lat, lon, extra] = pair.trim().split(/\s+/).map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || extra !== undefined) throw new Error(`path point "${pair.trim()}" is not "lat lon"`);
    return geoPoint(lat, lon);
  });
  if (path.length < 2) throw new Error('path needs at least two "lat lon" points');
  const evConnectors = (row.ev_connectors ?? '').split(';').filter((item) => item.trim() !== '').map((item, i) => {
    const [current, power] = item.trim().split(':');
    return create(EvConnectorSchema, { connectorId: String(i + 1), current: enumValue(EvCurrentType, 'ev_connectors current', current ?? ''), maxPowerW: Number(power) });
  });
  const hasBattery = (row.battery_capacity_wh ?? '').trim() !== '';
  return create(SegmentSchema, {
    segmentId: row.id ?? '',
    gridNodeId: row.grid_node_id ?? '',
    kind: enumValue(SegmentKind, 'kind', row.kind ?? ''),
    path,
    location: pathMidpoint(path),
    commissionedAt: readTime(row.commissioned_at),
    connectionPointId: row.connection_point_id ?? '',
    pv: create(PvRatingSchema, {
      areaM2: number(row, 'pv_area_m2', true),
      peakPowerW: number(row, 'pv_peak_power_w', true),
      tiltDeg: number(row, 'pv_tilt_deg', false),
      azimuthDeg: number(row, 'pv_azimuth_deg', false),
      inverterLimitW: number(row, 'pv_inverter_limit_w', true),
    }),
    lighting: create(LightingRatingSchema, {
      count: number(row, 'light_count', false),
      ratedPowerWEach: number(row, 'light_power_w_each', false),
      minDimmingPct: number(row, 'light_min_dimming_pct', false),
    }),
    evConnectors,
    ...(hasBattery
      ? {
          battery: create(BatteryRatingSchema, {
            capacityWh: number(row, 'battery_capacity_wh', true),
            maxChargeW: number(row, 'battery_max_charge_w', true),
            maxDischargeW: number(row, 'battery_max_discharge_w', true),
            socMinPct: number(row, 'battery_soc_min_pct', true),
            socMaxPct: number(row, 'battery_soc_max_pct', true),
          }),
        }
      : {}),
  });
}

export function readFleetCsv(text: string): FleetBatch {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) throw new FleetFormatError('empty CSV file');
  const columns = header.fields.map((name) => name.trim());
  const unknown = columns.filter((name) => !(FLEET_CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !columns.includes('record') || !columns.includes('id')) {
    throw new FleetFormatError(`bad CSV header${unknown.length ? `: unknown column(s) ${unknown.join(', ')}` : ''}; expected columns among ${FLEET_CSV_COLUMNS.join(',')} with at least record and id`);
  }
  const batch: FleetBatch = { gridNodes: [], segments: [], rejected: [] };
  for (const { line, fields } of rows) {
    const row: Row = Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? '']));
    const at = { line };
    try {
      if (fields.length !== columns.length) throw new Error(`${fields.length} fields, the header has ${columns.length}`);
      if (row.record === 'grid_node') batch.gridNodes.push({ record: readGridNode(row), at });
      else if (row.record === 'segment') batch.segments.push({ record: readSegment(row), at });
      else throw new Error(`record must be grid_node or segment, got "${row.record}"`);
    } catch (error) {
      batch.rejected.push({ at, id: row.id ?? '', reason: (error as Error).message });
    }
  }
  return batch;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function writeFleetCsv(city: City): string {
  const rows: Row[] = [
    ...city.gridNodes.map((node): Row => ({ record: 'grid_node', id: node.nodeId, parent_id: node.parentId, kind: GridNodeKind[node.kind].toLowerCase(), rated_limit_w: String(node.ratedLimitW), dso_id: node.dsoId, name: node.name })),
    ...city.segments.map((segment): Row => ({
      record: 'segment',
      id: segment.segmentId,
      grid_node_id: segment.gridNodeId,
      kind: SegmentKind[segment.kind].toLowerCase(),
      path: segment.path.map((p) => `${p.latDeg} ${p.lonDeg}`).join(';'),
      commissioned_at: new Date(segment.commissionedAt).toISOString(),
      connection_point_id: segment.connectionPointId,
      pv_area_m2: String(segment.pv?.areaM2 ?? ''),
      pv_peak_power_w: String(segment.pv?.peakPowerW ?? ''),
      pv_tilt_deg: String(segment.pv?.tiltDeg ?? ''),
      pv_azimuth_deg: String(segment.pv?.azimuthDeg ?? ''),
      pv_inverter_limit_w: String(segment.pv?.inverterLimitW ?? ''),
      light_count: String(segment.lighting?.count ?? ''),
      light_power_w_each: String(segment.lighting?.ratedPowerWEach ?? ''),
      light_min_dimming_pct: String(segment.lighting?.minDimmingPct ?? ''),
      ev_connectors: segment.evConnectors.map((c) => `${EvCurrentType[c.current].toLowerCase()}:${c.maxPowerW}`).join(';'),
      battery_capacity_wh: segment.battery ? String(segment.battery.capacityWh) : '',
      battery_max_charge_w: segment.battery ? String(segment.battery.maxChargeW) : '',
      battery_max_discharge_w: segment.battery ? String(segment.battery.maxDischargeW) : '',
      battery_soc_min_pct: segment.battery ? String(segment.battery.socMinPct) : '',
      battery_soc_max_pct: segment.battery ? String(segment.battery.socMaxPct) : '',
    })),
  ];
  return [FLEET_CSV_COLUMNS.join(','), ...rows.map((row) => FLEET_CSV_COLUMNS.map((column) => csvField(row[column] ?? '')).join(','))].join('\n') + '\n';
}
