// Forecasts (issue time = belief time: a new issue is new rows, never an update), the weather
// forecasts they were made from, and the rolling backtest's skill per horizon. Quantile traces are
// stored as little-endian float32 level-major blobs (levels × steps): 100,000 segments × 3 flows ×
// 5 levels × 192 steps would be 288 M rows per issue as (segment, step, level) rows.
// The per-segment table is an ordinary table pruned by issued_at.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists forecast_issue (
     issued_at timestamptz not null,
     start_ts timestamptz not null,
     interval_ms integer not null check (interval_ms > 0),
     steps integer not null check (steps > 0),
     levels double precision[] not null,
     model_version text not null,
     segments integer not null,
     nodes integer not null,
     weather_locations integer not null default 0,
     duration_ms integer not null,
     created_at timestamptz not null default now(),
     constraint pk_forecast_issue primary key (issued_at)
   )`,
  `create table if not exists forecast_segment (
     segment_id text not null,
     issued_at timestamptz not null,
     grid_node_id text not null,
     pv_w bytea not null,
     lights_w bytea not null,
     ev_w bytea not null,
     constraint pk_forecast_segment primary key (segment_id, issued_at)
   )`,
  'create index if not exists ix_forecast_segment_issued_at on forecast_segment (issued_at)',
  `create table if not exists forecast_node (
     node_id text not null,
     issued_at timestamptz not null,
     segments integer not null,
     pv_w bytea not null,
     lights_w bytea not null,
     ev_w bytea not null,
     constraint pk_forecast_node primary key (node_id, issued_at)
   )`,
  `create table if not exists weather_forecast (
     location_id text not null,
     issued_at timestamptz not null,
     provider text not null,
     lat_deg double precision not null,
     lon_deg double precision not null,
     intervals jsonb not null,
     received_at timestamptz not null default now(),
     constraint pk_weather_forecast primary key (location_id, issued_at)
   )`,
  `create table if not exists forecast_skill (
     evaluated_at timestamptz not null,
     scope text not null,
     horizon text not null,
     n integer not null,
     mae_w double precision,
     rmse_w double precision,
     nmae double precision,
     skill_vs_smart_persistence double precision,
     skill_vs_climatology double precision,
     pinball_w double precision,
     coverage_p10_p90 double precision,
     constraint pk_forecast_skill primary key (evaluated_at, scope, horizon)
   )`,
];

export class Forecasts1764500300000 implements MigrationInterface {
  readonly name = 'Forecasts1764500300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['forecast_skill', 'weather_forecast', 'forecast_node', 'forecast_segment', 'forecast_issue']) {
      await queryRunner.query(`drop table if exists ${table}`);
    }
  }
}
