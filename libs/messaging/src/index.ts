/**
 * @trottoir/messaging: the messaging port and its two adapters (Apache Kafka on @platformatic/kafka,
 * and the in-process bus of the embedded default), typed by the topic registry of @trottoir/contracts,
 * the dead-letter publisher and W3C trace propagation across the bus.
 */
export type {
  BatchHandler,
  Consumer,
  ConsumerOptions,
  MessageBatch,
  MessageBus,
  MessageHeaders,
  OutgoingMessage,
  PublishOptions,
  ReceivedMessage,
  TopicPartitions,
} from './message-bus.port';
export { createMessageBus } from './create-message-bus';
export type { MessageBusConfig } from './create-message-bus';
export { TopicBus } from './topic-bus';
export type { RawBatch, RawBatchHandler, TopicSettings } from './topic-bus';
export { NamespacedMessageBus } from './namespaced-bus';
export type { NamespaceOptions } from './namespaced-bus';
export { InProcessMessageBus } from './in-process/in-process-bus';
export type { InProcessBusOptions } from './in-process/in-process-bus';
export type { InProcessConsumer } from './in-process/in-process-consumer';
export { KafkaMessageBus } from './kafka/kafka-message-bus';
export type { KafkaBusConfig, KafkaSaslConfig } from './kafka/kafka-config';
export { keyHash, murmur2, partitionForKey, toPositive } from './partitioner';
export { BusClosedError, MessagingError, UnknownTopicError } from './messaging.errors';
export type { BackoffOptions } from './retry-backoff';
export { DeadLetterPublisher, deadLetterHeaders } from './dead-letter';
export type { DeadLetterReason, RejectedMessage } from './dead-letter';
export { decodeEvent } from './typed/decode-event';
export { MessageDecodeError } from './typed/message-decode.error';
export type { MessageDecodeErrorCode } from './typed/message-decode.error';
export { extractMessageContext, tracedHandler, tracedPublish } from './tracing/message-tracing';
export type { OutboxMessage, OutboxStore, PendingOutboxMessage } from './outbox/outbox.port';
export { outboxMessages } from './outbox/outbox-message';
export { OutboxRelay } from './outbox/outbox.relay';
export type { OutboxRelayOptions } from './outbox/outbox.relay';
export { InMemoryOutboxStore } from './outbox/outbox.in-memory';
export { describeOutboxStoreContract } from './contract/outbox-store.contract';
export type { OutboxStoreHarness } from './contract/outbox-store.contract';
