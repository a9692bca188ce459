/**
 * The flexibility loop end to end, as a DSO drives it, on the real Kafka broker and PostgreSQL: a
 * simulated city at a sunny noon (TROTTOIR_CLOCK_START), a request for a grid node, its offer, an order,
 * setpoints the simulator obeys and acknowledges, and delivery measured at the node within 5 % of the
 * order. Some segments stop acknowledging (they ignore setpoints): dispatch finds out, loses them and
 * re-dispatches their share to the others. ISPs last a minute here so that the test takes minutes.
 */
import { randomUUID } from 'node:crypto';

import { decodeEvent, KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import type { FlexDelivery } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';

import type { Json } from './support/api';
import { apiWith, json } from './support/api';
import type { RunningPlatform } from './support/platform';
import { NOON_ISP_MS, startNoonPlatform, waitForForecast } from './support/platform';

const ISP_MS = NOON_ISP_MS;
const NODE = 'ps01';


/** Bearer tokens by role, as `trottoir start` prints them in development mode. */
let tokens: Record<string, string> = {};
const { get, send, post } = apiWith(() => tokens);

describe('flexibility dispatch end to end (Kafka + PostgreSQL)', () => {
  let platform: RunningPlatform;
  let bus: NamespacedMessageBus;
  const deliveries: FlexDelivery[] = [];
  const namespace = `e2e-dispatch-${randomUUID().slice(0, 8)}`;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ platform, tokens, dropDatabase } = await startNoonPlatform(namespace, { TROTTOIR_DISPATCH_ACK_TIMEOUT_MS: '3000' }));
    bus = new NamespacedMessageBus(new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: namespace }), namespace);
    await bus.subscribe(topics.flexDelivery, { groupId: `spec-${randomUUID()}`, fromBeginning: true }, async (batch) => {
      for (const message of batch.messages) deliveries.push(decodeEvent(batch.topic, message));
    });
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
    expect(await platform?.stop()).toBe(0);
    await dropDatabase();
  });

  it('answers a request with an offer, dispatches the order, re-dispatches around silent segments, and delivers within 5 %', async () => {
    const dispatch = platform.url('dispatch');
    await waitForForecast(platform);
    // Every segment reports and dispatch sees it fresh.
    const view = await platform.until('fresh telemetry at dispatch', async () => {
      const flexibility = await json(await get(`${dispatch}/v1/nodes/${NODE}/flexibility`));
      return flexibility.segmentsAvailable === 100 && (flexibility.forecastIssuedAt as number | null) !== null ? flexibility : undefined;
    });

    // The segments with a battery (the cheapest lever, chosen first) stop acknowledging.
    const below = (await (await get(`${platform.url('ingestion')}/v1/segments?gridNodeId=${NODE}`)).json()) as { segmentId: string; battery?: unknown }[];
    const silent = below.filter((segment) => segment.battery).map((segment) => segment.segmentId);
    expect(silent.length).toBeGreaterThan(0);
    await json(await send('PUT', `${platform.url('simulator')}/v1/simulator/unresponsive-segments`, { segmentIds: silent }, 'admin'));

    // Raise the node's net power by a quarter of what it could move now, in the next full ISP.
    const now = view.at as number;
    const ispStart = Math.ceil((now + 15_000) / ISP_MS) * ISP_MS;
    const deltaW = Math.round((view.flexUpW as number) / 4);
    const request = { dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }], expiresAt: ispStart };
    // Only a DSO operator (or an admin) may ask, and only with a token.
    expect((await fetch(`${dispatch}/v1/flex-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })).status).toBe(401);
    expect((await send('POST', `${dispatch}/v1/flex-requests`, request, 'market')).status).toBe(403);
    const { requestId } = await json(await post(`${dispatch}/v1/flex-requests`, { dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }], expiresAt: ispStart }));
    const offer = (await platform.until('the offer', async () => (await json(await get(`${dispatch}/v1/flex-requests/${requestId}`))).offer ?? undefined, 20_000)) as Json & { isps: { offeredDeltaW: number }[] };
    expect(offer.reason ?? '').toBe('');
    expect(offer.isps[0].offeredDeltaW).toBe(deltaW);

    // Above the offer: refused with the reason, nothing dispatched.
    const above = await post(`${dispatch}/v1/flex-orders`, { offerId: offer.offerId, dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW: deltaW + 1_000 }] });
    expect(above.status).toBe(422);
    expect(((await above.json()) as Json).message).toMatch(/^ABOVE_OFFER/);

    const { orderId } = await json(await post(`${dispatch}/v1/flex-orders`, { offerId: offer.offerId, dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }] }));
    const accepted = await platform.until('the order carried out', async () => {
      const response = await get(`${dispatch}/v1/flex-orders/${orderId}`);
      return response.ok ? ((await response.json()) as Json) : undefined;
    }, 20_000);
    expect(accepted).toMatchObject({ status: 'accepted', reason: '' });

    // The silent segments are found out and their share re-dispatched before the ISP is over.
    const measured = await platform.until(
      'the final delivery of the ISP',
      async () => {
        const order = await json(await get(`${dispatch}/v1/flex-orders/${orderId}`));
        const final = (order.deliveries as Json[]).find((delivery) => delivery.ispStart === ispStart);
        return final ? { order, final } : undefined;
      },
      150_000,
    );
    const reasons = (measured.order.redispatches as { reason: string }[]).map((redispatch) => redispatch.reason);
    expect(reasons.some((reason) => reason.startsWith('lost-segments'))).toBe(true);
    expect(measured.final.segmentsLost as number).toBeGreaterThan(0);
    const ratio = (measured.final.deliveredW as number) / deltaW;
    expect({ ratio: Math.round(ratio * 1000) / 1000, within5pct: Math.abs(ratio - 1) <= 0.05 }).toMatchObject({ within5pct: true });

    // The same figures went out on flex.delivery.v1.
    await platform.until('the delivery on Kafka', async () => (deliveries.some((delivery) => delivery.orderId === orderId && delivery.final) ? true : undefined), 30_000);
    const onKafka = deliveries.find((delivery) => delivery.orderId === orderId && delivery.final) as FlexDelivery;
    expect(onKafka.deliveredW).toBeCloseTo(measured.final.deliveredW as number, 3);

    // The problem it was solved as is stored with the order, for anyone to replay.
    const problem = await json(await get(`${dispatch}/v1/flex-orders/${orderId}/problem`));
    expect(problem).toMatchObject({ version: 1, ispMs: ISP_MS, node: { id: NODE } });
  }, 300_000);
});
