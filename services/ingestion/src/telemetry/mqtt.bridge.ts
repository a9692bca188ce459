/**
 * Bridges MQTT telemetry into Kafka: each message on `trottoir/telemetry/+` (persistent sessions, QoS 1)
 * is published unchanged to telemetry.raw.v1 with content-type JSON and key = the segment id from the
 * topic, so MQTT readings share the one pipeline (validation, DLQ, storage). The MQTT acknowledgement
 * (QoS 1) is sent only after Kafka accepted the message, so a crash in between means redelivery, not loss.
 *
 * Why several connections on a shared subscription: mqtt.js hands a connection's messages over one at a
 * time (the next only after the previous one's callback), so one connection bridges one message per Kafka
 * produce round trip (≈ 500/s on a local broker), while the MQTT broker keeps only a bounded queue per
 * client (Mosquitto: 1,000 messages) and drops the rest of a burst. `connections` clients in the share
 * group `$share/<group>/trottoir/telemetry/+` each take a share of the messages; their publishes overlap
 * and the Kafka adapter merges them into one produce request. Replicas of the service join the same
 * group, so each reading is bridged once. The price: two readings of one segment may reach Kafka out of
 * order (as a QoS 1 redelivery could already do); every reading carries its own `ts` and storage is keyed
 * on it.
 */
import { JSON_CONTENT_TYPE, topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';

import { INGEST_SOURCE_HEADER } from './ingest-source';
import { MQTT_TELEMETRY_ROOT, segmentIdFromTopic, sharedTelemetryFilter } from './mqtt-topic';

export interface MqttBridgeOptions {
  readonly url: string;
  /**
   * MQTT client id prefix (connection i is `<clientId>-<i>`). With persistent sessions the broker keeps
   * QoS 1 messages for these ids while the bridge is away, so it must be stable across restarts (and
   * distinct per replica).
   */
  readonly clientId: string;
  /** Connections in the share group; default 32 (`MQTT_CONNECTIONS`). */
  readonly connections?: number;
  /** Shared-subscription group; default `trottoir-ingestion` (one for every replica). */
  readonly shareGroup?: string;
  /** Keep the sessions (and their queued messages) across disconnects; default true. */
  readonly persistentSession?: boolean;
  /** Topic root; default `trottoir/telemetry`. */
  readonly topicRoot?: string;
}

export const DEFAULT_MQTT_CONNECTIONS = 32;
export const DEFAULT_MQTT_SHARE_GROUP = 'trottoir-ingestion';

export class MqttTelemetryBridge {
  private clients: MqttClient[] = [];
  private readonly root: string;

  constructor(
    private readonly options: MqttBridgeOptions,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {
    this.root = options.topicRoot ?? MQTT_TELEMETRY_ROOT;
  }

  /** True while every connection is up. */
  get connected(): boolean {
    return this.clients.length > 0 && this.clients.every((client) => client.connected);
  }

  /**
   * Connects every client (each keeps reconnecting), resolving once all their subscriptions are granted.
   * The message handler is installed before connecting, so messages the broker kept for a session are
   * bridged too.
   */
  start(): Promise<void> {
    const count = this.options.connections ?? DEFAULT_MQTT_CONNECTIONS;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`MQTT bridge connections must be a positive integer, got ${count}`);
    this.clients = Array.from({ length: count }, (_, index) => this.connectOne(`${this.options.clientId}-${index}`));
    return Promise.all(this.clients.map((client) => this.subscribed(client))).then(() => {
      this.logger.info({ filter: this.filter(), connections: count }, 'MQTT telemetry bridge subscribed');
    });
  }

  async stop(): Promise<void> {
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((client) => client.endAsync()));
  }

  private filter(): string {
    return sharedTelemetryFilter(this.options.shareGroup ?? DEFAULT_MQTT_SHARE_GROUP, this.root);
  }

  private connectOne(clientId: string): MqttClient {
    const clean = !(this.options.persistentSession ?? true);
    const client = connect(this.options.url, { clientId, clean, reconnectPeriod: 1_000 });
    client.handleMessage = (packet, done) => {
      const key = segmentIdFromTopic(packet.topic, this.root);
      const value = typeof packet.payload === 'string' ? new TextEncoder().encode(packet.payload) : new Uint8Array(packet.payload);
      const headers = { 'content-type': JSON_CONTENT_TYPE, [INGEST_SOURCE_HEADER]: 'mqtt' };
      // The device's bytes as they came (JSON, by the header): the pipeline decodes and validates them.
      this.bus.publishRecords(topics.telemetryRaw, [{ key, value, headers }]).then(
        () => done(),
        (error: unknown) => {
          this.logger.error({ err: error, topic: packet.topic }, 'MQTT reading not bridged; the broker will redeliver it');
          done(error as Error);
        },
      );
    };
    client.on('error', (error) => this.logger.warn({ err: error, clientId }, 'MQTT connection problem'));
    return client;
  }

  /**
   * Resolves once the client's first subscription is granted. It subscribes on every (re)connect: a
   * clean session has lost its subscription, and for a kept one subscribing again is harmless.
   */
  private subscribed(client: MqttClient): Promise<void> {
    return new Promise((resolve, reject) => {
      client.on('connect', () => {
        client.subscribeAsync(this.filter(), { qos: 1 }).then(() => resolve(), reject);
      });
    });
  }
}
