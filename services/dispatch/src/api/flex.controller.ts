/**
 * The DSO control room's REST edge of dispatch, the same commands as the Kafka topics:
 * - `POST /v1/flex-requests` publishes a FlexRequest on flex.request.v1 (202 with its id); the offer
 *   follows within seconds at `GET /v1/flex-requests/{id}` and on flex.offer.v1;
 * - `POST /v1/flex-orders` checks the order against its offer at once (a refusal is a 422 with the
 *   reason, nothing dispatched) and publishes it on flex.order.v1 (202); `GET /v1/flex-orders/{id}`
 *   then tells its status, setpoints, re-dispatches and delivery ISP by ISP, and
 *   `GET /v1/flex-orders/{id}/problem` gives the dispatch problem it was solved as (replay it with
 *   `trottoir dispatch solve --problem`).
 * Bodies are the messages' proto3 JSON; ids the client leaves out are made here.
 */
import { randomUUID } from 'node:crypto';

import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, UnprocessableEntityException } from '@nestjs/common';
import { FlexOfferSchema, FlexOrderSchema, FlexRequestSchema, fromJsonValue, toJsonValue, topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import { checkOrder } from '@trottoir/flexibility';
import type { MessageBus } from '@trottoir/messaging';
import { Allow, body, CLOCK, Doc, dso, MESSAGE_BUS, node, param, protoSchema, Scope, Secured, stored } from '@trottoir/service-runtime';

import { DISPATCH_CONFIG } from '../dispatch.config';
import type { DispatchConfig } from '../dispatch.config';
import { checkOrderShape, checkRequestShape } from '../flex/flex-message.checks';
import { offerToCheck } from '../flex/order.taker';
import { FLEX_STORE } from '../store/flex-store.port';
import type { FlexStore } from '../store/flex-store.port';

const SOURCE = 'trottoir/dispatch';

function parse<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (error) {
    throw new BadRequestException({ message: `not a ${what}: ${(error as Error).message}` });
  }
}

function withId(body: unknown, field: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException({ message: 'expected a JSON object' });
  const record = body as Record<string, unknown>;
  return record[field] === undefined || record[field] === '' ? { ...record, [field]: randomUUID() } : record;
}

@Controller('v1')
@Secured()
export class FlexController {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(FLEX_STORE) private readonly store: FlexStore,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('flex-requests')
  @HttpCode(202)
  @Allow('dso-operator')
  @Scope(node(body('nodeId', 'node_id')), dso(body('dsoId', 'dso_id')))
  @Doc({ summary: 'Ask for flexibility at a congestion point (a grid node of the DSO)', body: { content: { 'application/json': protoSchema(FlexRequestSchema) } }, response: { status: 202, description: 'the request id; the offer follows on flex.offer.v1 and at GET /v1/flex-requests/{requestId}', schema: { type: 'object', properties: { requestId: { type: 'string' } } } }, errors: { 400: 'not a valid FlexRequest' } })
  async request(@Body() body: unknown): Promise<{ requestId: string }> {
    const nowTs = this.clock.now();
    const json = withId(body, 'requestId') as Record<string, unknown>;
    const request = parse(() => fromJsonValue(FlexRequestSchema, { ispMs: this.config.ispMs, requestedAt: nowTs, ...json }), 'FlexRequest');
    const problems = checkRequestShape(request, this.config.ispMs);
    if (problems.length > 0) throw new BadRequestException({ message: `invalid FlexRequest: ${problems.join('; ')}`, problems });
    await this.bus.publish(topics.flexRequest, [request], { source: SOURCE, time: nowTs });
    return { requestId: request.requestId };
  }

  @Get('flex-requests/:requestId')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(stored(param('requestId'), 'flex request', FLEX_STORE, 'request'))
  @Doc({ summary: 'A flex request and the offer that answers it', response: { description: 'the request and its offer (null until made)', schema: { type: 'object', properties: { request: { type: 'object' }, offer: { oneOf: [protoSchema(FlexOfferSchema), { type: 'null' }] } } } }, errors: { 404: 'no such request (yet)' } })
  async requestStatus(@Param('requestId') requestId: string): Promise<{ request: unknown; offer: unknown }> {
    const request = await this.store.request(requestId);
    if (!request) throw new NotFoundException({ message: `no flex request "${requestId}" (an offer follows a POST within seconds)` });
    const offer = await this.store.offerOfRequest(requestId);
    return { request: request.request, offer: offer ? toJsonValue(FlexOfferSchema, fromJsonValue(FlexOfferSchema, offer.offer)) : null };
  }

  @Post('flex-orders')
  @HttpCode(202)
  @Allow('dso-operator')
  @Scope(node(body('nodeId', 'node_id')), dso(body('dsoId', 'dso_id')))
  @Doc({ summary: 'Order flexibility on an offer, in whole or in part', body: { content: { 'application/json': protoSchema(FlexOrderSchema) } }, response: { status: 202, description: 'the order id; dispatched within seconds', schema: { type: 'object', properties: { orderId: { type: 'string' } } } }, errors: { 400: 'not a valid FlexOrder', 422: 'refused against its offer (expired, unknown, above what was offered), with the reason' } })
  async order(@Body() body: unknown): Promise<{ orderId: string }> {
    const nowTs = this.clock.now();
    const json = withId(body, 'orderId') as Record<string, unknown>;
    const order = parse(() => fromJsonValue(FlexOrderSchema, { orderedAt: nowTs, ...json }), 'FlexOrder');
    const problems = checkOrderShape(order, this.config.ispMs);
    if (problems.length > 0) throw new BadRequestException({ message: `invalid FlexOrder: ${problems.join('; ')}`, problems });
    const isps = order.isps.map((isp) => ({ ispStart: isp.ispStart, deltaW: isp.deltaW }));
    const refusal = checkOrder({ offerId: order.offerId, nodeId: order.nodeId, dsoId: order.dsoId, isps, receivedAt: nowTs }, await offerToCheck(this.store, order.offerId));
    if (refusal) throw new UnprocessableEntityException({ message: `${refusal.code}: ${refusal.detail}`, code: refusal.code });
    await this.bus.publish(topics.flexOrder, [order], { source: SOURCE, time: nowTs });
    return { orderId: order.orderId };
  }

  @Get('flex-orders/:orderId')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(stored(param('orderId'), 'flex order', FLEX_STORE, 'order'))
  @Doc({ summary: 'A flex order: status, setpoints, re-dispatches and delivery per ISP', response: { description: 'the order', schema: { type: 'object' } }, errors: { 404: 'no such order (yet)' } })
  async orderStatus(@Param('orderId') orderId: string): Promise<unknown> {
    const order = await this.store.order(orderId, { solution: true });
    if (!order) throw new NotFoundException({ message: `no flex order "${orderId}" (yet: an accepted POST is carried out within seconds)` });
    const [deliveries, redispatches] = await Promise.all([this.store.deliveries(orderId), this.store.redispatches(orderId)]);
    return {
      order: order.order,
      status: order.status,
      reason: order.reason,
      receivedAt: order.receivedAt,
      setpoints: order.setpoints,
      baselineW: order.baselineW ?? null,
      method: order.solution?.method ?? null,
      objective: order.solution?.objective ?? null,
      redispatches: redispatches.map(({ ispStart, at, reason, targetW }) => ({ ispStart, at, reason, targetW })),
      deliveries: deliveries.map(({ orderId: _orderId, ...delivery }) => delivery),
    };
  }

  @Get('flex-orders/:orderId/problem')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(stored(param('orderId'), 'flex order', FLEX_STORE, 'order'))
  @Doc({ summary: 'The dispatch problem an order was solved as (replay: trottoir dispatch solve --problem)', response: { description: 'the problem file, format v1', schema: { type: 'object' } }, errors: { 404: 'no problem stored for this order' } })
  async problem(@Param('orderId') orderId: string): Promise<unknown> {
    const order = await this.store.order(orderId, { problem: true });
    if (!order?.problem) throw new NotFoundException({ message: `no dispatch problem for order "${orderId}"` });
    return order.problem;
  }
}
