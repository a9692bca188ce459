/**
 * Where `trottoir simulate` sends its readings: Kafka (`telemetry.raw.v1`, protobuf with the envelope,
 * and the fleet on the compacted registry topics first), MQTT (`trottoir/telemetry/<segmentId>`, proto3
 * JSON) or HTTP (`POST /v1/telemetry`, NDJSON batches). Each sink turns a connection failure into one
 * clear `SinkError`.
 */
import { encodeJson, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import type { GridNode, Segment, SegmentTelemetry } from '@trottoir/contracts';
import { createMessageBus } from '@trottoir/messaging';
import mqtt from 'mqtt';

export interface TelemetrySink {
  /** Where it publishes, for the progress line. */
  readonly description: string;
  /** Tells the platform about the fleet, when the transport has a registry (Kafka). */
  publishFleet(gridNodes: readonly GridNode[], segments: readonly Segment[]): Promise<void>;
  /** Publishes one step's readings (all at the same `ts`); resolves when the transport has them. */
  publish(readings: readonly SegmentTelemetry[], ts: number): Promise<void>;
  close(): Promise<void>;
}

export class SinkError extends Error {
  override readonly name = 'SinkError';
}

const SOURCE = 'trottoir/simulator';
const KAFKA_BATCH = 5_000;
const MQTT_WINDOW = 2_000;

export async function kafkaSink(brokers: readonly string[]): Promise<TelemetrySink> {
  const bus = createMessageBus({ brokers, clientId: 'trottoir-simulator' });
  try {
    await bus.ensureTopics([topics.telemetryRaw, topics.fleetSegment, topics.fleetGridNode]);
  } catch (error) {
    await bus.close().catch(() => undefined);
    throw new SinkError(`cannot reach Kafka at ${brokers.join(',')}: ${(error as Error).message}`);
  }
  return {
    description: `Kafka ${brokers.join(',')} topic ${topics.telemetryRaw.name}`,
    async publishFleet(gridNodes, segments) {
      await bus.publish(topics.fleetGridNode, gridNodes, { source: SOURCE });
      for (let i = 0; i < segments.length; i += KAFKA_BATCH) await bus.publish(topics.fleetSegment, segments.slice(i, i + KAFKA_BATCH), { source: SOURCE });
    },
    async publish(readings, ts) {
      for (let i = 0; i < readings.length; i += KAFKA_BATCH) {
        await bus.publish(topics.telemetryRaw, readings.slice(i, i + KAFKA_BATCH), { source: SOURCE, time: ts });
      }
    },
    close: () => bus.close(),
  };
}

export async function mqttSink(url: string, qos: 0 | 1): Promise<TelemetrySink> {
  let client: mqtt.MqttClient;
  try {
    client = await mqtt.connectAsync(url, { clientId: `trottoir-simulator-${process.pid}`, reconnectPeriod: 0, connectTimeout: 10_000 });
  } catch (error) {
    throw new SinkError(`cannot connect to the MQTT broker at ${url}: ${(error as Error).message}`);
  }
  // Readings are pipelined: up to MQTT_WINDOW wait for their acknowledgement at once (one connection
  // keeps each segment's readings in order); close() waits for the rest.
  const pending = new Set<Promise<unknown>>();
  let failure: Error | undefined;
  const track = (publishing: Promise<unknown>) => {
    const settled = publishing.catch((error: Error) => (failure ??= error)).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const check = () => {
    if (failure) throw new SinkError(`publishing to the MQTT broker at ${url} failed: ${failure.message}`);
  };
  return {
    description: `MQTT ${url} topics trottoir/telemetry/<segmentId> (QoS ${qos})`,
    async publishFleet() {
      // MQTT carries telemetry only: register the fleet through Kafka or the REST registry.
    },
    async publish(readings) {
      for (const reading of readings) {
        track(client.publishAsync(`trottoir/telemetry/${reading.segmentId}`, encodeJson(SegmentTelemetrySchema, reading), { qos }));
        if (pending.size >= MQTT_WINDOW) await Promise.race(pending);
      }
      check();
    },
    async close() {
      await Promise.all(pending);
      await client.endAsync();
      check();
    },
  };
}

export function httpSink(baseUrl: string, batchSize: number, token: string): TelemetrySink {
  const endpoint = new URL('/v1/telemetry', baseUrl).toString();
  return {
    description: `HTTP POST ${endpoint} (NDJSON, ${batchSize} readings a request)`,
    async publishFleet() {
      // The registry's REST endpoints are for `trottoir fleet import`.
    },
    async publish(readings) {
      for (let i = 0; i < readings.length; i += batchSize) {
        const body = readings
          .slice(i, i + batchSize)
          .map((reading) => encodeJson(SegmentTelemetrySchema, reading))
          .join('\n');
        let response: Response;
        try {
          response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` }, body });
        } catch (error) {
          throw new SinkError(`cannot reach ${endpoint}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
        }
        if (!response.ok) throw new SinkError(`${endpoint} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      }
    },
    async close() {},
  };
}
