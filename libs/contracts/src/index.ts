/**
 * @trottoir/contracts: the event contracts of the platform. Generated protobuf-es schemas and types
 * (from proto/, never edited), the typed topic registry, the Kafka envelope mapping, typed records,
 * dead letters, the binary/JSON codecs and the AsyncAPI document built from the registry.
 */
export * from './gen/trottoir/common/v1/envelope_pb';
export * from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
export * from './gen/trottoir/telemetry/v1/dead_letter_pb';
export * from './gen/trottoir/fleet/v1/segment_pb';
export * from './gen/trottoir/grid/v1/grid_node_pb';
export * from './gen/trottoir/grid/v1/node_state_pb';
export * from './gen/trottoir/dispatch/v1/setpoint_pb';
export * from './gen/trottoir/dispatch/v1/setpoint_ack_pb';
export * from './gen/trottoir/flex/v1/flex_pb';
export * from './gen/trottoir/weather/v1/weather_forecast_pb';
export * from './gen/trottoir/forecast/v1/forecast_pb';
export * from './gen/trottoir/settlement/v1/statement_pb';

export { defineTopic, externalParties, serviceNames } from './topic-definition';
export type { ExternalParty, ServiceName, TopicDefinition, TopicMessage, TopicParty, ValueFormat } from './topic-definition';
export { allTopics, topicByName, topics } from './topics';
export type { TopicKey } from './topics';
export { ENVELOPE_HEADERS, EnvelopeError, envelopeHeaders, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE, readEnvelope } from './envelope';
export type { Envelope } from './envelope';
export { fromRecord, toRecord } from './record';
export type { ContractRecord, DecodedRecord, RecordOptions } from './record';
export { DEAD_LETTER_HEADERS, deadLetterReasonName, deadLetterRecord, parseDeadLetterReason, readDeadLetter } from './dead-letter';
export { ContractDecodeError, decodeBinary, decodeJson, encodeBinary, encodeJson, fromJsonValue, toJsonValue } from './codec';
export type { WireFormat } from './codec';
export { ASYNCAPI_DOCUMENT_PATH, buildAsyncApi, renderAsyncApiYaml } from './asyncapi';
export { messageSchema } from './json-schema';
export type { JsonSchema, SchemaCatalog } from './json-schema';
export { encodeNodeForecast, encodeSegmentForecast } from './forecast-wire';
