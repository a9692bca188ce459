/**
 * OrganiserData on PostgreSQL (migration 1764500760000): rows are only inserted; a read takes, per ISP and
 * participant, the row recorded last. Recording the same ISP twice at the same instant keeps the first.
 */
import type { Pool } from 'pg';

import type { ConsumptionIsp, IspShares, OrganiserData } from './organiser-data.port';

export class PgOrganiserData implements OrganiserData {
  constructor(private readonly pool: Pool) {}

  async recordConsumption(nodeId: string, participant: string, isps: readonly ConsumptionIsp[], recordedAt: number): Promise<void> {
    if (isps.length === 0) return;
    await this.pool.query(
      `insert into settlement_participant_consumption (node_id, participant, isp_start, recorded_at, power_w)
       select $1, $2, isp_start, $3, power_w from unnest($4::timestamptz[], $5::double precision[]) as u (isp_start, power_w)
       on conflict do nothing`,
      [nodeId, participant, new Date(recordedAt), isps.map((isp) => new Date(isp.ispStart)), isps.map((isp) => isp.powerW)],
    );
  }

  async recordShares(nodeId: string, isps: readonly IspShares[], recordedAt: number): Promise<void> {
    const starts: Date[] = [];
    const participants: string[] = [];
    const values: number[] = [];
    for (const { ispStart, shares } of isps) {
      for (const [participant, share] of Object.entries(shares)) {
        starts.push(new Date(ispStart));
        participants.push(participant);
        values.push(share);
      }
    }
    if (starts.length === 0) return;
    await this.pool.query(
      `insert into settlement_allocation_share (node_id, participant, isp_start, recorded_at, share)
       select $1, participant, isp_start, $2, share from unnest($3::timestamptz[], $4::text[], $5::double precision[]) as u (isp_start, participant, share)
       on conflict do nothing`,
      [nodeId, new Date(recordedAt), starts, participants, values],
    );
  }

  async consumption(nodeId: string, fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>> {
    const { rows } = await this.pool.query<{ participant: string; isp: string; power_w: number }>(
      `select distinct on (participant, isp_start) participant, (extract(epoch from isp_start) * 1000)::bigint::text as isp, power_w
         from settlement_participant_consumption where node_id = $1 and isp_start >= $2 and isp_start < $3
        order by participant, isp_start, recorded_at desc`,
      [nodeId, new Date(fromTs), new Date(toTs)],
    );
    const out = new Map<string, Map<number, number>>();
    for (const row of rows) {
      if (!out.has(row.participant)) out.set(row.participant, new Map());
      out.get(row.participant)?.set(Number(row.isp), row.power_w);
    }
    return out;
  }

  async shares(nodeId: string, fromTs: number, toTs: number): Promise<Map<number, Map<string, number>>> {
    const { rows } = await this.pool.query<{ participant: string; isp: string; share: number }>(
      `select distinct on (isp_start, participant) participant, (extract(epoch from isp_start) * 1000)::bigint::text as isp, share
         from settlement_allocation_share where node_id = $1 and isp_start >= $2 and isp_start < $3
        order by isp_start, participant, recorded_at desc`,
      [nodeId, new Date(fromTs), new Date(toTs)],
    );
    const out = new Map<number, Map<string, number>>();
    for (const row of rows) {
      const ts = Number(row.isp);
      if (!out.has(ts)) out.set(ts, new Map());
      out.get(ts)?.set(row.participant, row.share);
    }
    return out;
  }
}
