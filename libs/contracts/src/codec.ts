/**
 * Encoding and decoding of contract messages with one typed error, for the edges: protobuf binary on
 * Kafka, the proto3 JSON mapping (camelCase field names) over HTTP and MQTT. Unknown JSON fields are
 * rejected so that a typo in a field name is an error, not a silently dropped value.
 */
import { fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import type { DescMessage, JsonValue, MessageShape } from '@bufbuild/protobuf';

import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { decodeSegmentTelemetry, decodeTelemetryBatch } from './segment-telemetry-wire';

export type WireFormat = 'binary' | 'json';

/** A payload that is not a valid encoding of the expected message. Ingestion maps it to DECODE_FAILED. */
export class ContractDecodeError extends Error {
  override readonly name = 'ContractDecodeError';

  constructor(
    /** Fully-qualified protobuf name of the expected message. */
    readonly typeName: string,
    readonly format: WireFormat,
    readonly detail: string,
  ) {
    super(`cannot decode ${typeName} from ${format}: ${detail}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function encodeBinary<Schema extends DescMessage>(schema: Schema, message: MessageShape<Schema>): Uint8Array {
  return toBinary(schema, message);
}

/** SegmentTelemetry and TelemetryBatch, the hot paths of ingestion and dispatch, go through dedicated decoders when they can. */
export function decodeBinary<Schema extends DescMessage>(schema: Schema, bytes: Uint8Array): MessageShape<Schema> {
  try {
    if (schema === (SegmentTelemetrySchema as DescMessage)) {
      const fast = decodeSegmentTelemetry(bytes);
      if (fast !== undefined) return fast as unknown as MessageShape<Schema>;
    } else if (schema === (TelemetryBatchSchema as DescMessage)) {
      const fast = decodeTelemetryBatch(bytes);
      if (fast !== undefined) return fast as unknown as MessageShape<Schema>;
    }
    return fromBinary(schema, bytes);
  } catch (error) {
    throw new ContractDecodeError(schema.typeName, 'binary', describe(error));
  }
}

/** The proto3 JSON value of a message, every field present (zeros included) so that JSON readers need no defaults. */
export function toJsonValue<Schema extends DescMessage>(schema: Schema, message: MessageShape<Schema>): JsonValue {
  return toJson(schema, message, { alwaysEmitImplicit: true });
}

export function encodeJson<Schema extends DescMessage>(schema: Schema, message: MessageShape<Schema>): string {
  return JSON.stringify(toJsonValue(schema, message));
}

/** Decodes an already-parsed JSON value (an HTTP body, one element of a JSON array). */
export function fromJsonValue<Schema extends DescMessage>(schema: Schema, json: unknown): MessageShape<Schema> {
  try {
    return fromJson(schema, json as JsonValue, { ignoreUnknownFields: false });
  } catch (error) {
    throw new ContractDecodeError(schema.typeName, 'json', describe(error));
  }
}

export function decodeJson<Schema extends DescMessage>(schema: Schema, text: string): MessageShape<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContractDecodeError(schema.typeName, 'json', `not JSON: ${describe(error)}`);
  }
  return fromJsonValue(schema, json);
}
