/**
 * JSON Schema of the proto3 JSON mapping of a message, built from its runtime descriptor: the payload
 * schemas of the AsyncAPI document, so that they always follow the .proto files.
 */
import { ScalarType } from '@bufbuild/protobuf';
import type { DescEnum, DescField, DescMessage } from '@bufbuild/protobuf';

export type JsonSchema = { [keyword: string]: unknown };

/** Schemas by fully-qualified protobuf name, for `components.schemas`. */
export type SchemaCatalog = Map<string, JsonSchema>;

export function schemaRef(typeName: string): JsonSchema {
  return { $ref: `#/components/schemas/${typeName}` };
}

function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: 'number' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: 'integer', format: 'int32' };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', format: 'int32', minimum: 0 };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      // proto3 JSON writes 64-bit integers as decimal strings.
      return { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    default: {
      const unknown: never = scalar;
      throw new Error(`unsupported scalar type ${String(unknown)}`);
    }
  }
}

function enumSchema(desc: DescEnum, catalog: SchemaCatalog): JsonSchema {
  if (!catalog.has(desc.typeName)) {
    catalog.set(desc.typeName, {
      type: 'string',
      title: desc.name,
      'x-protobuf-type': desc.typeName,
      enum: desc.values.map((value) => value.name),
    });
  }
  return schemaRef(desc.typeName);
}

function fieldSchema(field: DescField, catalog: SchemaCatalog): JsonSchema {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarSchema(field.scalar);
    case 'enum':
      return enumSchema(field.enum, catalog);
    case 'message':
      return messageSchema(field.message, catalog);
    case 'list':
      return {
        type: 'array',
        items:
          field.listKind === 'scalar'
            ? scalarSchema(field.scalar)
            : field.listKind === 'enum'
              ? enumSchema(field.enum, catalog)
              : messageSchema(field.message, catalog),
      };
    case 'map':
      return {
        type: 'object',
        additionalProperties:
          field.mapKind === 'scalar'
            ? scalarSchema(field.scalar)
            : field.mapKind === 'enum'
              ? enumSchema(field.enum, catalog)
              : messageSchema(field.message, catalog),
      };
    default: {
      const unknown: never = field;
      throw new Error(`unsupported field ${String(unknown)}`);
    }
  }
}

/** Adds the schema of `desc` (and of every message and enum it uses) to `catalog`; returns a `$ref` to it. */
export function messageSchema(desc: DescMessage, catalog: SchemaCatalog): JsonSchema {
  if (!catalog.has(desc.typeName)) {
    const properties: Record<string, JsonSchema> = {};
    const schema: JsonSchema = {
      type: 'object',
      title: desc.name,
      'x-protobuf-type': desc.typeName,
      additionalProperties: false,
      properties,
    };
    // Reserve the name before recursing so that a recursive message terminates.
    catalog.set(desc.typeName, schema);
    for (const field of desc.fields) {
      const presence = field.proto.proto3Optional ? { 'x-optional': true } : {};
      properties[field.jsonName] = { ...fieldSchema(field, catalog), 'x-field-number': field.number, ...presence };
    }
  }
  return schemaRef(desc.typeName);
}
