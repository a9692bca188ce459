/**
 * Bridges MQTT telemetry into Kafka: each message on `trottoir/telemetry/+` (persistent session, QoS 1) is published unchanged to
 * telemetry.raw.v1 with content-type JSON and key = the segment id from the topic, so MQTT readings
 * share the one pipeline (ordering per segment, validation, DLQ, storage). The MQTT acknowledgement
 * (QoS 1) is sent only after Kafka accepted the message, so a crash in between means redelivery, not loss.
 */
import { JSON_CONTENT_TYPE, topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';

import { INGEST_SOURCE_HEADER } from './ingest-source';
import { MQTT_TELEMETRY_ROOT, segmentIdFromTopic, telemetryFilter } from './mqtt-topic';

export interface MqttBridgeOptions {
  readonly url: string;
  /**
   * MQTT client id. With a persistent session the broker keeps QoS 1 messages for this id while the
   * bridge is away, so it must be stable across restarts (and distinct per replica).
   */
  readonly clientId: string;
  /** Keep the session (and its queued messages) across disconnects; default true. */
  readonly persistentSession?: boolean;
  /** Topic root; default `trottoir/telemetry`. */
  readonly topicRoot?: string;
  /** Kafka topic the readings go to; default telemetry.raw.v1. */
  readonly rawTopic?: string;
}

export class MqttTelemetryBridge {
  private client: MqttClient | undefined;
  private readonly root: string;
  private readonly rawTopic: string;

  constructor(
    private readonly options: MqttBridgeOptions,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {
    this.root = options.topicRoot ?? MQTT_TELEMETRY_ROOT;
    this.rawTopic = options.rawTopic ?? topics.telemetryRaw.name;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /**
   * Connects (and keeps reconnecting), resolving once the first subscription is granted. The message
   * handler is installed before connecting, so messages the broker kept for our session are bridged too.
   */
  start(): Promise<void> {
    const clean = !(this.options.persistentSession ?? true);
    const client = connect(this.options.url, { clientId: this.options.clientId, clean, reconnectPeriod: 1_000 });
    this.client = client;
    client.handleMessage = (packet, done) => {
      const key = segmentIdFromTopic(packet.topic, this.root);
      const value = typeof packet.payload === 'string' ? new TextEncoder().encode(packet.payload) : new Uint8Array(packet.payload);
      const headers = { 'content-type': JSON_CONTENT_TYPE, [INGEST_SOURCE_HEADER]: 'mqtt' };
      this.bus.publish(this.rawTopic, [{ key, value, headers }]).then(
        () => done(),
        (error: unknown) => {
          this.logger.error({ err: error, topic: packet.topic }, 'MQTT reading not bridged; the broker will redeliver it');
          done(error as Error);
        },
      );
    };
    client.on('error', (error) => this.logger.warn({ err: error }, 'MQTT connection problem'));
    return new Promise((resolve, reject) => {
      client.on('connect', () => {
        const filter = telemetryFilter(this.root);
        client.subscribeAsync(filter, { qos: 1 }).then(() => {
          this.logger.info({ filter }, 'MQTT telemetry bridge subscribed');
          resolve();
        }, reject);
      });
    });
  }

  async stop(): Promise<void> {
    await this.client?.endAsync();
    this.client = undefined;
  }
}
