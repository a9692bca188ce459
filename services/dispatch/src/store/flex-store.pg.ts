/**
 * The flexibility store on PostgreSQL (migration 1764500500000). Problems and solutions of orders are
 * gzipped JSON (a problem at fleet scale is tens of MB of text; compressed off the event loop, in the
 * libuv thread pool), with the problem's SHA-256 so that a replay can be shown to use the very file.
 */
import { createHash } from 'node:crypto';

import type { JsonValue } from '@bufbuild/protobuf';
import type { DispatchProblem, DispatchSolution } from '@trottoir/flexibility';
import type { Queryable } from '@trottoir/persistence';

import type { DeliveryRecord, OfferRecord, OrderRecord, OrderStatus, RedispatchRecord, RequestRecord } from './flex-records';
import type { FlexStore, RecordParts, SaveOutcome } from './flex-store.port';
import { gunzipText, gzipText } from './gzip-text';

async function pack(value: unknown): Promise<{ gz: Buffer; sha256: string }> {
  const text = JSON.stringify(value);
  return { gz: await gzipText(text), sha256: createHash('sha256').update(text).digest('hex') };
}

async function unpack<T>(gz: Buffer | null): Promise<T | undefined> {
  return gz ? (JSON.parse(await gunzipText(gz)) as T) : undefined;
}

const ts = (value: Date): number => value.getTime();

export class PgFlexStore implements FlexStore {
  constructor(private readonly db: Queryable) {}

  async saveRequest(record: RequestRecord): Promise<SaveOutcome> {
    const { rowCount } = await this.db.query(
      `insert into flex_request (request_id, node_id, dso_id, received_at, request) values ($1, $2, $3, $4, $5)
       on conflict (request_id) do nothing`,
      [record.requestId, record.nodeId, record.dsoId, new Date(record.receivedAt), JSON.stringify(record.request)],
    );
    return rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async request(requestId: string): Promise<RequestRecord | undefined> {
    const { rows } = await this.db.query<{ request_id: string; node_id: string; dso_id: string; received_at: Date; request: JsonValue }>('select * from flex_request where request_id = $1', [requestId]);
    const row = rows[0];
    return row && { requestId: row.request_id, nodeId: row.node_id, dsoId: row.dso_id, receivedAt: ts(row.received_at), request: row.request };
  }

  async saveOffer(record: OfferRecord): Promise<SaveOutcome> {
    const problem = record.problem ? await pack(record.problem) : undefined;
    const { rowCount } = await this.db.query(
      `insert into flex_offer (offer_id, request_id, node_id, dso_id, issued_at, valid_until, offer, problem_gz, solution)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
      [
        record.offerId,
        record.requestId,
        record.nodeId,
        record.dsoId,
        new Date(record.issuedAt),
        new Date(record.validUntil),
        JSON.stringify(record.offer),
        problem?.gz ?? null,
        record.solution ? JSON.stringify(record.solution) : null,
      ],
    );
    return rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async offer(offerId: string, parts: RecordParts = {}): Promise<OfferRecord | undefined> {
    return this.offerWhere('offer_id', offerId, parts);
  }

  async offerOfRequest(requestId: string, parts: RecordParts = {}): Promise<OfferRecord | undefined> {
    return this.offerWhere('request_id', requestId, parts);
  }

  private async offerWhere(column: 'offer_id' | 'request_id', value: string, parts: RecordParts): Promise<OfferRecord | undefined> {
    const { rows } = await this.db.query<{
      offer_id: string;
      request_id: string;
      node_id: string;
      dso_id: string;
      issued_at: Date;
      valid_until: Date;
      offer: JsonValue;
      problem_gz: Buffer | null;
      solution: DispatchSolution | null;
    }>(
      `select offer_id, request_id, node_id, dso_id, issued_at, valid_until, offer,
              ${parts.problem ? 'problem_gz' : 'null as problem_gz'}, ${parts.solution ? 'solution' : 'null as solution'}
         from flex_offer where ${column} = $1`,
      [value],
    );
    const row = rows[0];
    if (!row) return undefined;
    const problem = await unpack<DispatchProblem>(row.problem_gz);
    return {
      offerId: row.offer_id,
      requestId: row.request_id,
      nodeId: row.node_id,
      dsoId: row.dso_id,
      issuedAt: ts(row.issued_at),
      validUntil: ts(row.valid_until),
      offer: row.offer,
      ...(problem ? { problem } : {}),
      ...(row.solution ? { solution: row.solution } : {}),
    };
  }

  async saveOrder(record: OrderRecord): Promise<SaveOutcome> {
    const problem = record.problem ? await pack(record.problem) : undefined;
    const solution = record.solution ? await pack(record.solution) : undefined;
    const { rowCount } = await this.db.query(
      `insert into flex_order (order_id, offer_id, node_id, dso_id, received_at, status, reason, flex_order, setpoints, baseline_w, problem_gz, problem_sha256, solution_gz)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict (order_id) do nothing`,
      [
        record.orderId,
        record.offerId,
        record.nodeId,
        record.dsoId,
        new Date(record.receivedAt),
        record.status,
        record.reason,
        JSON.stringify(record.order),
        record.setpoints,
        record.baselineW ?? null,
        problem?.gz ?? null,
        problem?.sha256 ?? null,
        solution?.gz ?? null,
      ],
    );
    return rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async order(orderId: string, parts: RecordParts = {}): Promise<OrderRecord | undefined> {
    const { rows } = await this.db.query<{
      order_id: string;
      offer_id: string;
      node_id: string;
      dso_id: string;
      received_at: Date;
      status: OrderStatus;
      reason: string;
      flex_order: JsonValue;
      setpoints: number;
      baseline_w: number[] | null;
      problem_gz: Buffer | null;
      solution_gz: Buffer | null;
    }>(
      `select order_id, offer_id, node_id, dso_id, received_at, status, reason, flex_order, setpoints, baseline_w,
              ${parts.problem ? 'problem_gz' : 'null as problem_gz'}, ${parts.solution ? 'solution_gz' : 'null as solution_gz'}
         from flex_order where order_id = $1`,
      [orderId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const problem = await unpack<DispatchProblem>(row.problem_gz);
    const solution = await unpack<DispatchSolution>(row.solution_gz);
    return {
      orderId: row.order_id,
      offerId: row.offer_id,
      nodeId: row.node_id,
      dsoId: row.dso_id,
      receivedAt: ts(row.received_at),
      status: row.status,
      reason: row.reason,
      order: row.flex_order,
      setpoints: row.setpoints,
      ...(row.baseline_w ? { baselineW: row.baseline_w } : {}),
      ...(problem ? { problem } : {}),
      ...(solution ? { solution } : {}),
    };
  }

  async saveRedispatch(record: RedispatchRecord): Promise<void> {
    const [problem, solution] = await Promise.all([pack(record.problem), pack(record.solution)]);
    await this.db.query(
      `insert into flex_redispatch (order_id, isp_start, at, reason, target_w, problem_gz, solution_gz) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [record.orderId, new Date(record.ispStart), new Date(record.at), record.reason, record.targetW, problem.gz, solution.gz],
    );
  }

  async redispatches(orderId: string): Promise<RedispatchRecord[]> {
    const { rows } = await this.db.query<{ order_id: string; isp_start: Date; at: Date; reason: string; target_w: number; problem_gz: Buffer; solution_gz: Buffer }>(
      'select * from flex_redispatch where order_id = $1 order by isp_start, at',
      [orderId],
    );
    return Promise.all(
      rows.map(async (row) => ({
        orderId: row.order_id,
        ispStart: ts(row.isp_start),
        at: ts(row.at),
        reason: row.reason,
        targetW: row.target_w,
        problem: (await unpack<DispatchProblem>(row.problem_gz)) as DispatchProblem,
        solution: (await unpack<DispatchSolution>(row.solution_gz)) as DispatchSolution,
      })),
    );
  }

  async saveDelivery(record: DeliveryRecord): Promise<SaveOutcome> {
    const { rowCount } = await this.db.query(
      `insert into flex_delivery (order_id, isp_start, node_id, ordered_w, baseline_w, measured_w, delivered_w, coverage, segments_dispatched, segments_lost, redispatches, computed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (order_id, isp_start) do nothing`,
      [
        record.orderId,
        new Date(record.ispStart),
        record.nodeId,
        record.orderedW,
        record.baselineW,
        record.measuredW,
        record.deliveredW,
        record.coverage,
        record.segmentsDispatched,
        record.segmentsLost,
        record.redispatches,
        new Date(record.computedAt),
      ],
    );
    return rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async deliveries(orderId: string): Promise<DeliveryRecord[]> {
    const { rows } = await this.db.query<{
      order_id: string;
      node_id: string;
      isp_start: Date;
      ordered_w: number;
      baseline_w: number;
      measured_w: number;
      delivered_w: number;
      coverage: number;
      segments_dispatched: number;
      segments_lost: number;
      redispatches: number;
      computed_at: Date;
    }>('select * from flex_delivery where order_id = $1 order by isp_start', [orderId]);
    return rows.map((row) => ({
      orderId: row.order_id,
      nodeId: row.node_id,
      ispStart: ts(row.isp_start),
      orderedW: row.ordered_w,
      baselineW: row.baseline_w,
      measuredW: row.measured_w,
      deliveredW: row.delivered_w,
      coverage: row.coverage,
      segmentsDispatched: row.segments_dispatched,
      segmentsLost: row.segments_lost,
      redispatches: row.redispatches,
      computedAt: ts(row.computed_at),
    }));
  }
}
