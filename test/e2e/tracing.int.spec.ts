/**
 * One trace across processes, as an OpenTelemetry backend sees it: a DSO's HTTP request (carrying its own
 * traceparent) registers a grid node in ingestion, which stores it in PostgreSQL and publishes it on
 * Kafka; forecasting, another process, consumes it. Both export over OTLP/HTTP to a receiver in this
 * test, configured only by the standard variables (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES).
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { createTestDatabase, mintTestToken, TEST_JWT_SECRET } from '@trottoir/testing';

import type { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';
import { OTLP_KIND, startOtlpReceiver } from './support/otlp-receiver';
import type { RunningPlatform } from './support/platform';
import { startPlatformProcess, waitForReady } from './support/platform';

describe('distributed tracing over OTLP (Kafka + PostgreSQL)', () => {
  let receiver: OtlpReceiver;
  let ingestion: RunningPlatform;
  let forecasting: RunningPlatform;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const database = await createTestDatabase(process.env.DATABASE_URL as string);
    dropDatabase = () => database.drop();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      TROTTOIR_KAFKA_NAMESPACE: `e2e-trace-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'warn',
      TROTTOIR_AUTH_MODE: 'jwt',
      TROTTOIR_JWT_SECRET: TEST_JWT_SECRET,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=e2e',
      // A forecast cycle would add traces of its own; this test follows one request.
      TROTTOIR_FORECAST_FIRST_DELAY_MS: '900000',
    };
    delete env.OTEL_SERVICE_NAME;
    ingestion = await startPlatformProcess(env, { services: ['ingestion'] });
    forecasting = await startPlatformProcess({ ...env, OTEL_SERVICE_NAME: 'forecasting-e2e' }, { services: ['forecasting'] });
    await waitForReady(ingestion, 'ingestion');
    await waitForReady(forecasting, 'forecasting');
  }, 180_000);

  afterAll(async () => {
    await ingestion?.stop();
    await forecasting?.stop();
    await receiver?.close();
    await dropDatabase();
  });

  it('follows an HTTP request into ingestion, its SQL, Kafka, and forecasting\'s consumer', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const nodeId = `ps-trace-${randomUUID().slice(0, 8)}`;
    const response = await fetch(`${ingestion.url('ingestion')}/v1/grid-nodes/${nodeId}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
        authorization: `Bearer ${mintTestToken({ roles: ['admin'] })}`,
      },
      body: JSON.stringify({ nodeId, kind: 'GRID_NODE_KIND_PRIMARY_SUBSTATION', ratedLimitW: 40e6, dsoId: 'dso-e2e', name: 'traced substation' }),
    });
    expect(response.status).toBe(200);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    // Ingestion follows the registry topics too: the span wanted is the other process's.
    const consumerSpan = (): ReceivedSpan | undefined =>
      inTrace().find((span) => span.kind === OTLP_KIND.consumer && span.name.endsWith('fleet.grid-node.v1 process') && span.resource['service.name'] === 'forecasting-e2e');
    const consumed = await forecasting.until('forecasting\'s consumer span in the trace', async () => consumerSpan(), 60_000);

    const server = inTrace().find((span) => span.kind === OTLP_KIND.server);
    expect(server).toMatchObject({ name: 'PUT /v1/grid-nodes/:id', parentSpanId: callerSpanId });
    expect(server?.resource).toMatchObject({ 'service.name': 'ingestion', 'deployment.environment': 'e2e' });
    expect(server?.attributes).toMatchObject({ 'http.route': '/v1/grid-nodes/:id', 'http.response.status_code': 200 });

    const producer = inTrace().find((span) => span.kind === OTLP_KIND.producer && span.name.endsWith('fleet.grid-node.v1 publish'));
    expect(producer?.resource['service.name']).toBe('ingestion');
    expect(isDescendantOf(producer, server, inTrace())).toBe(true);

    const sql = inTrace().filter((span) => span.kind === OTLP_KIND.client && span.attributes['db.system.name'] === 'postgresql');
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((span) => isDescendantOf(span, server, inTrace()))).toBe(true);

    // The other process: its own service name (OTEL_SERVICE_NAME), the same trace, a child of the producer.
    expect(consumed.resource).toMatchObject({ 'service.name': 'forecasting-e2e', 'deployment.environment': 'e2e' });
    expect(consumed.parentSpanId).toBe(producer?.spanId);
    expect(receiver.refused).toEqual([]);
  }, 120_000);
});

/** Whether `span` is `ancestor` or below it, following parent ids among `spans`. */
function isDescendantOf(span: ReceivedSpan | undefined, ancestor: ReceivedSpan | undefined, spans: readonly ReceivedSpan[]): boolean {
  if (!span || !ancestor) return false;
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  for (let current: ReceivedSpan | undefined = span; current; current = byId.get(current.parentSpanId)) {
    if (current.spanId === ancestor.spanId) return true;
  }
  return false;
}
