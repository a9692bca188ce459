/**
 * Picks the adapter: Kafka when brokers are configured, else the in-process bus of the embedded default.
 */
import { InProcessMessageBus } from './in-process/in-process-bus';
import type { InProcessBusOptions } from './in-process/in-process-bus';
import type { KafkaBusConfig } from './kafka/kafka-config';
import { KafkaMessageBus } from './kafka/kafka-message-bus';
import type { MessageBus } from './message-bus.port';

export type MessageBusConfig = Omit<KafkaBusConfig, 'brokers'> & {
  /** Kafka bootstrap brokers; none → in-process bus. */
  brokers?: readonly string[];
  inProcess?: InProcessBusOptions;
};

export function createMessageBus(config: MessageBusConfig): MessageBus {
  const brokers = (config.brokers ?? []).filter((broker) => broker.trim() !== '');
  if (brokers.length === 0) return new InProcessMessageBus(config.inProcess);
  return new KafkaMessageBus({ ...config, brokers });
}
