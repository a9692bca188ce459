/**
 * A JSON Schema that stands for a protobuf message in its proto3 JSON mapping: the OpenAPI builder
 * replaces it with a `$ref` and fills `components.schemas` from the descriptor, as the AsyncAPI
 * document does, so REST bodies and Kafka payloads are described from the same .proto files.
 */
import type { DescMessage } from '@bufbuild/protobuf';

const PROTO = Symbol('trottoir.openapi.proto');

export type ProtoSchema = { [PROTO]: DescMessage };

export function protoSchema(message: DescMessage): Record<string, unknown> {
  return { [PROTO]: message } as unknown as Record<string, unknown>;
}

export function protoOf(schema: unknown): DescMessage | undefined {
  return schema !== null && typeof schema === 'object' ? (schema as Partial<ProtoSchema>)[PROTO] : undefined;
}
