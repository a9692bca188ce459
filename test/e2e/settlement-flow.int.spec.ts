/**
 * Settlement end to end, on the real Kafka broker and PostgreSQL: a simulated city, a DSO's order carried
 * out by dispatch and measured, then its statement — stored, published on settlement.statement.v1, read
 * on the REST API with its content hash and exported as CSV. Then a late reading for a segment of that
 * order's ISP: ingestion marks the interval, re-aggregates it, and settlement issues version 2 with the
 * difference, version 1 untouched. Then the order responses are replayed: no statement, no version twice.
 * ISPs last a minute (mbma, the one baseline that reads no history day, which a fresh city has none of),
 * the settlement delay 40 s and its cycle 5 s, so that the test takes a few minutes.
 */
import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import type { SettlementStatement } from '@trottoir/contracts';
import { SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { decodeEvent, KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import type { OutgoingMessage } from '@trottoir/messaging';
import { sha256Hex } from '@trottoir/settlement';

import { metricSum } from '../../tools/cli/src/live-summary';
import type { Json } from './support/api';
import { apiWith, json } from './support/api';
import type { RunningPlatform } from './support/platform';
import { NOON_ISP_MS, startNoonPlatform, waitForForecast } from './support/platform';

const ISP_MS = NOON_ISP_MS;
const NODE = 'ps01';
const DELAY_MS = 40_000;

interface IspLine {
  ispStart: number;
  orderedW: number;
  baselineW: number;
  meteredW: number;
  deliveredW: number;
  orderedWh: number;
  deliveredWh: number;
  paidWh: number;
  priceCentsPerMWh: number;
  remunerationCents: number;
  penaltyCents: number;
  netCents: number;
  segmentsMetered: number;
  segmentsBelow: number;
}
interface Version {
  version: number;
  contentSha256: string;
  dataAsOf: number;
  document: { orderId: string; baseline: { method: string }; isps: IspLine[]; segments: { segmentId: string; netCents: number }[]; unallocated: { netCents: number }; totals: { netCents: number; remunerationCents: number } };
  changes: { path: string; from?: number; to?: number; delta?: number }[];
}
interface Statement {
  statementId: string;
  orderId: string;
  versions: Version[];
}

/** Bearer tokens by role, as `trottoir start` prints them in development mode. */
let tokens: Record<string, string> = {};
const { get, post } = apiWith(() => tokens);

describe('settlement end to end (Kafka + PostgreSQL)', () => {
  let platform: RunningPlatform;
  let bus: NamespacedMessageBus;
  const published: SettlementStatement[] = [];
  /** Every record of flex.order-response.v1 as it was on Kafka, to replay. */
  const responses: OutgoingMessage[] = [];
  const namespace = `e2e-settle-${randomUUID().slice(0, 8)}`;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ platform, tokens, dropDatabase } = await startNoonPlatform(namespace, { TROTTOIR_SETTLEMENT_DELAY_MS: String(DELAY_MS), TROTTOIR_SETTLEMENT_CYCLE_INTERVAL_MS: '5000' }));
    bus = new NamespacedMessageBus(new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: namespace }), namespace);
    await bus.subscribe(topics.settlementStatement, { groupId: `spec-${randomUUID()}`, fromBeginning: true }, async (batch) => {
      for (const message of batch.messages) published.push(decodeEvent(batch.topic, message));
    });
    await bus.subscribe(topics.flexOrderResponse, { groupId: `spec-${randomUUID()}`, fromBeginning: true }, async (batch) => {
      for (const message of batch.messages) responses.push({ key: message.key, value: message.value, headers: message.headers });
    });
  }, 180_000);

  afterAll(async () => {
    await bus?.close();
    expect(await platform?.stop()).toBe(0);
    await dropDatabase();
  });

  it('settles a delivered order, re-settles it as version 2 after late telemetry, and issues nothing twice on a replay', async () => {
    const dispatch = platform.url('dispatch');
    const settlement = platform.url('settlement');
    await waitForForecast(platform);
    const view = await platform.until('fresh telemetry at dispatch', async () => {
      const flexibility = await json(await get(`${dispatch}/v1/nodes/${NODE}/flexibility`));
      return flexibility.segmentsAvailable === 100 && (flexibility.forecastIssuedAt as number | null) !== null ? flexibility : undefined;
    });
    // The platform's clock runs at the wall clock's pace from TROTTOIR_CLOCK_START.
    const offsetMs = (view.at as number) - Date.now();
    const platformNow = () => Date.now() + offsetMs;

    // fleet → order: a quarter of what the node could move up, in the next full ISP, measured against mbma.
    const ispStart = Math.ceil((platformNow() + 15_000) / ISP_MS) * ISP_MS;
    const deltaW = Math.round((view.flexUpW as number) / 4);
    const { requestId } = await json(await post(`${dispatch}/v1/flex-requests`, { dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }], expiresAt: ispStart }));
    const offer = (await platform.until('the offer', async () => (await json(await get(`${dispatch}/v1/flex-requests/${requestId}`))).offer ?? undefined, 20_000)) as Json & { isps: { offeredDeltaW: number; priceCentsPerMwh: number }[] };
    const { orderId } = await json(await post(`${dispatch}/v1/flex-orders`, { offerId: offer.offerId, dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW: offer.isps[0].offeredDeltaW }], baselineMethod: 'mbma' }));

    // → delivery, measured by dispatch once the ISP is over.
    await platform.until('the final delivery', async () => {
      const order = await json(await get(`${dispatch}/v1/flex-orders/${orderId}`));
      return (order.deliveries as Json[]).some((delivery) => delivery.ispStart === ispStart) ? true : undefined;
    }, 180_000);

    // → statement: version 1, on the API and on Kafka.
    const statementsUrl = `${settlement}/v1/statements?orderId=${orderId}`;
    const [first] = await platform.until('the statement', async () => {
      const list = (await (await get(statementsUrl)).json()) as Statement[];
      return list.length > 0 ? list : undefined;
    }, 120_000);
    expect(first.versions).toHaveLength(1);
    const v1 = first.versions[0];
    const [isp] = v1.document.isps;
    expect(v1.document.orderId).toBe(orderId);
    expect(v1.document.baseline.method).toBe('mbma');
    expect({ ispStart: isp.ispStart, orderedW: isp.orderedW, priceCentsPerMWh: isp.priceCentsPerMWh, segmentsBelow: isp.segmentsBelow }).toEqual({ ispStart, orderedW: offer.isps[0].offeredDeltaW, priceCentsPerMWh: offer.isps[0].priceCentsPerMwh, segmentsBelow: 100 });
    expect(isp.segmentsMetered).toBeGreaterThanOrEqual(95);
    // The figures hold together: delivered = metered − baseline in the order's (upward) direction, energy over one minute.
    expect(isp.deliveredW).toBeCloseTo(isp.meteredW - isp.baselineW, 3);
    expect(isp.deliveredWh).toBe(Math.round(isp.deliveredW / 60));
    expect(isp.paidWh).toBe(Math.min(Math.max(isp.deliveredWh, 0), isp.orderedWh));
    expect(v1.document.segments.length).toBeGreaterThan(0);
    expect(v1.document.segments.reduce((sum, s) => sum + s.netCents, 0) + v1.document.unallocated.netCents).toBe(v1.document.totals.netCents);
    // The document as stored is the bytes its hash covers.
    const text = await (await get(`${settlement}/v1/statements/${first.statementId}/versions/1/document`, 'market')).text();
    expect(sha256Hex(text)).toBe(v1.contentSha256);
    await platform.until('version 1 on Kafka', async () => (published.some((s) => s.orderId === orderId && s.version === 1) ? true : undefined), 30_000);
    expect(published.find((s) => s.orderId === orderId && s.version === 1)?.contentSha256).toBe(v1.contentSha256);
    // Read access as dispatch's: a market reader yes, no token no.
    expect((await get(statementsUrl, 'market')).status).toBe(200);
    expect((await fetch(statementsUrl)).status).toBe(401);
    const csv = (await (await get(`${settlement}/v1/statements/${first.statementId}/csv`)).text()).trimEnd().split('\n');
    expect(csv[1].startsWith(`node,${orderId},1,,${ispStart},`)).toBe(true);

    // Late telemetry for a commanded segment, in the settled ISP (older than ingestion's 2-minute late threshold).
    const segmentId = v1.document.segments[0].segmentId;
    const lateTs = ispStart + 1_337;
    await platform.until('the reading to be late', async () => (platformNow() > lateTs + 125_000 ? true : undefined), 180_000);
    const reading = create(SegmentTelemetrySchema, { segmentId, ts: lateTs, pvPowerW: 0, lightsPowerW: 0, evPowerW: 50_000, batteryPowerW: 0, netPowerW: 50_000, meterImportWh: 0, meterExportWh: 0, lightsDimmingPct: 0, evSessionsActive: 1 });
    await bus.publish(topics.telemetryRaw, [reading], { source: 'e2e/late-meter' });

    // → version 2 with the difference; version 1 as it was.
    const revised = await platform.until('version 2', async () => {
      const [statement] = (await (await get(statementsUrl)).json()) as Statement[];
      return statement.versions.length >= 2 ? statement : undefined;
    }, 180_000);
    const [again, v2] = revised.versions;
    expect(again).toEqual(v1);
    expect(v2.version).toBe(2);
    expect(v2.contentSha256).not.toBe(v1.contentSha256);
    const metered = v2.changes.find((change) => change.path === `/isps/ispStart=${ispStart}/meteredW`);
    expect(metered?.delta).toBeGreaterThan(0);
    expect(v2.document.isps[0].meteredW).toBeCloseTo(isp.meteredW + (metered?.delta ?? 0), 3);
    await platform.until('version 2 on Kafka', async () => (published.some((s) => s.orderId === orderId && s.version === 2) ? true : undefined), 30_000);

    // Replay: every record of the order responses once more, as it was on the topic.
    await platform.until('the order responses read back', async () => (responses.length > 0 ? true : undefined), 30_000);
    // (A snapshot: the recorder goes on recording, the replayed records included.)
    const replayed = [...responses];
    await bus.publishRecords(topics.flexOrderResponse, replayed);
    await platform.until('the replay consumed', async () => {
      const metrics = await (await fetch(`${settlement}/metrics`)).text();
      return metricSum(metrics, 'trottoir_settlement_orders_followed_total', 'outcome="duplicate"') >= replayed.length ? true : undefined;
    }, 30_000);
    // Three more cycles: nothing new.
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    const [afterReplay] = (await (await get(statementsUrl)).json()) as Statement[];
    expect(afterReplay.versions.map((version) => version.contentSha256)).toEqual([v1.contentSha256, v2.contentSha256]);
    expect(published.filter((s) => s.orderId === orderId).map((s) => s.version)).toEqual([1, 2]);
    const metrics = await (await fetch(`${settlement}/metrics`)).text();
    expect(metricSum(metrics, 'trottoir_settlement_statement_versions_total', 'outcome="first"')).toBe(1);
    expect(metricSum(metrics, 'trottoir_settlement_statement_versions_total', 'outcome="revised"')).toBe(1);
  }, 600_000);
});
