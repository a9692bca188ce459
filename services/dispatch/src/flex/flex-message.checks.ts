/**
 * The shape checks of requests and orders at the edge (Kafka or REST): what makes a message unusable
 * before any business rule. A message that fails them goes to flex.dlq.v1 (Kafka) or gets a 400 (REST)
 * with every problem found.
 */
import type { FlexOrder, FlexRequest, IspQuantity } from '@trottoir/contracts';

function checkIsps(isps: readonly IspQuantity[], ispMs: number, problems: string[]): void {
  if (isps.length === 0) problems.push('isps: at least one ISP is required');
  const seen = new Set<number>();
  isps.forEach((isp, i) => {
    if (!Number.isInteger(isp.ispStart) || isp.ispStart % ispMs !== 0) problems.push(`isps[${i}].ispStart: must be the start of an ISP (a multiple of ${ispMs} ms)`);
    if (seen.has(isp.ispStart)) problems.push(`isps[${i}].ispStart: the ISP appears twice`);
    seen.add(isp.ispStart);
    if (i > 0 && isp.ispStart <= isps[i - 1].ispStart) problems.push(`isps[${i}].ispStart: ISPs must be in increasing order`);
    if (!Number.isFinite(isp.deltaW) || isp.deltaW === 0) problems.push(`isps[${i}].deltaW: must be a finite, non-zero number of W`);
  });
}

export function checkRequestShape(request: FlexRequest, ispMs: number): string[] {
  const problems: string[] = [];
  if (request.requestId.trim() === '') problems.push('requestId: required');
  if (request.nodeId.trim() === '') problems.push('nodeId: required');
  if (request.dsoId.trim() === '') problems.push('dsoId: required');
  if (request.ispMs !== ispMs) problems.push(`ispMs: must be ${ispMs} (this platform's ISP)`);
  checkIsps(request.isps, ispMs, problems);
  if (!Number.isFinite(request.expiresAt) || request.expiresAt <= 0) problems.push('expiresAt: required, epoch ms UTC');
  if (request.maxPriceCentsPerMwh !== undefined && !(Number.isFinite(request.maxPriceCentsPerMwh) && request.maxPriceCentsPerMwh >= 0)) {
    problems.push('maxPriceCentsPerMwh: must be a number of cents per MWh >= 0');
  }
  return problems;
}

export function checkOrderShape(order: FlexOrder, ispMs: number): string[] {
  const problems: string[] = [];
  if (order.orderId.trim() === '') problems.push('orderId: required');
  if (order.offerId.trim() === '') problems.push('offerId: required');
  if (order.nodeId.trim() === '') problems.push('nodeId: required');
  if (order.dsoId.trim() === '') problems.push('dsoId: required');
  checkIsps(order.isps, ispMs, problems);
  return problems;
}
