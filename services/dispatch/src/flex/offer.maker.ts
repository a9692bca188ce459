/**
 * Answers a FlexRequest with a FlexOffer within seconds: the segments below the node that may be
 * dispatched (fresh telemetry, free of other orders), their flexibility planned from the node forecast
 * with PV at P10 (a firm offer), solved at least cost with the request's max price as the price of the
 * shortfall, and priced from the levers' cost. A request that cannot be met at all gets an offer of 0
 * with the reason, never silence. A request received twice is answered once.
 */
import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import type { FlexOffer, FlexRequest } from '@trottoir/contracts';
import { FlexOfferSchema, FlexRequestSchema, fromJsonValue, toJsonValue, topics } from '@trottoir/contracts';
import type { DispatchProblem, DispatchSolution, OfferDraft, RequestedIsp } from '@trottoir/flexibility';
import { offerFromSolution, planDispatchProblem } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { DispatchConfig } from '../dispatch.config';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { DispatchFleet } from '../fleet/dispatch-fleet';
import type { DispatchSolver } from '../solver/dispatch-solver.port';
import type { FlexStore } from '../store/flex-store.port';
import { leverCostsOf, orderWindow } from './order-window';
import type { NodeView } from './node-view';

export interface OfferMakerDeps {
  readonly store: FlexStore;
  readonly fleet: DispatchFleet;
  readonly view: NodeView;
  readonly solver: DispatchSolver;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

export const CURRENCY = 'EUR';
const SOURCE = 'trottoir/dispatch';

export class OfferMaker {
  constructor(private readonly deps: OfferMakerDeps) {}

  /** The offer answering `request` (the one already made when the request was seen before). */
  async answer(request: FlexRequest): Promise<FlexOffer> {
    const { store, clock, metrics } = this.deps;
    const nowTs = clock.now();
    const saved = await store.saveRequest({ requestId: request.requestId, nodeId: request.nodeId, dsoId: request.dsoId, receivedAt: nowTs, request: toJsonValue(FlexRequestSchema, request) });
    if (saved === 'duplicate') {
      const existing = await store.offerOfRequest(request.requestId);
      if (existing) {
        metrics.requests.inc({ outcome: 'duplicate' });
        return fromJsonValue(FlexOfferSchema, existing.offer);
      }
    }
    metrics.requests.inc({ outcome: 'answered' });
    const decided = await this.decide(request, nowTs);
    const offer = create(FlexOfferSchema, {
      offerId: randomUUID(),
      requestId: request.requestId,
      nodeId: request.nodeId,
      dsoId: request.dsoId,
      ispMs: request.ispMs,
      isps: decided.draft.isps.map((isp) => ({ ispStart: isp.ispStart, offeredDeltaW: isp.offeredDeltaW, priceCentsPerMwh: isp.priceCentsPerMWh })),
      totalPriceCents: decided.draft.totalPriceCents,
      currency: CURRENCY,
      validUntil: decided.validUntil,
      reason: decided.draft.reason,
      segmentsAvailable: decided.segmentsAvailable,
      issuedAt: nowTs,
    });
    const stored = await store.saveOffer({
      offerId: offer.offerId,
      requestId: offer.requestId,
      nodeId: offer.nodeId,
      dsoId: offer.dsoId,
      issuedAt: nowTs,
      validUntil: offer.validUntil,
      offer: toJsonValue(FlexOfferSchema, offer),
      ...(decided.problem ? { problem: decided.problem } : {}),
      ...(decided.solution ? { solution: decided.solution } : {}),
    });
    if (stored === 'duplicate') {
      // Another instance answered the same request meanwhile: its offer is the one.
      const existing = await store.offerOfRequest(request.requestId);
      if (existing) return fromJsonValue(FlexOfferSchema, existing.offer);
    }
    await this.deps.bus.publish(topics.flexOffer, [offer], { source: SOURCE, time: nowTs });
    const full = offer.isps.every((isp, i) => Math.abs(isp.offeredDeltaW) >= Math.abs(request.isps[i]?.deltaW ?? 0) - 0.5);
    metrics.offers.inc({ outcome: offer.isps.every((isp) => isp.offeredDeltaW === 0) ? 'none' : full ? 'full' : 'partial' });
    this.deps.logger.info({ requestId: request.requestId, offerId: offer.offerId, nodeId: request.nodeId, reason: offer.reason, segments: decided.segmentsAvailable }, 'flex offer made');
    return offer;
  }

  private async decide(
    request: FlexRequest,
    nowTs: number,
  ): Promise<{ draft: OfferDraft; validUntil: number; segmentsAvailable: number; problem?: DispatchProblem; solution?: DispatchSolution }> {
    const { config, fleet } = this.deps;
    const requested: RequestedIsp[] = request.isps.map((isp) => ({ ispStart: isp.ispStart, deltaW: isp.deltaW }));
    const zero = (reason: string) => ({
      draft: { isps: requested.map((isp) => ({ ispStart: isp.ispStart, offeredDeltaW: 0, priceCentsPerMWh: 0 })), totalPriceCents: 0, reason },
      validUntil: nowTs,
      segmentsAvailable: 0,
    });
    const node = fleet.node(request.nodeId);
    if (!node) return zero(`UNKNOWN_NODE: no grid node "${request.nodeId}" in the registry`);
    if (node.dsoId !== request.dsoId) return zero(`NOT_YOUR_NODE: node "${request.nodeId}" belongs to another DSO`);
    if (nowTs >= request.expiresAt) return zero(`REQUEST_EXPIRED: it expired at ${new Date(request.expiresAt).toISOString()}`);
    const ahead = requested.filter((isp) => isp.ispStart + config.ispMs > nowTs);
    if (ahead.length === 0) return zero('ISPS_PAST: every requested ISP is over');
    const window = orderWindow(ahead, config.ispMs, config.reboundIsps);
    const view = await this.deps.view.of(request.nodeId, { nowTs, staleAfterMs: config.staleAfterMs, freeFromTs: window.startTs });
    const maxPerKWh = request.maxPriceCentsPerMwh === undefined ? undefined : request.maxPriceCentsPerMwh / 100_000;
    const { problem } = planDispatchProblem(
      {
        nodeId: node.nodeId,
        importLimitW: node.ratedLimitW,
        exportLimitW: node.ratedLimitW,
        ispMs: config.ispMs,
        startTs: window.startTs,
        isps: window.isps,
        order: window.order,
        shortfallPricePerKWh: maxPerKWh ?? config.shortfallPricePerKWh,
        pvLevel: 'p10',
        costs: leverCostsOf(config),
        nowTs,
      },
      view,
    );
    const stopTimer = this.deps.metrics.solveSeconds.startTimer({ purpose: 'offer' });
    const solution = await this.deps.solver.solve(problem);
    stopTimer({ method: solution.method });
    const draft = offerFromSolution(requested, problem, solution, { markup: config.markup, ...(request.maxPriceCentsPerMwh === undefined ? {} : { maxPriceCentsPerMWh: request.maxPriceCentsPerMwh }) });
    const lastEnd = requested[requested.length - 1].ispStart + config.ispMs;
    return { draft, validUntil: Math.min(nowTs + config.offerValidityMs, lastEnd), segmentsAvailable: view.available.length, problem, solution };
  }
}
