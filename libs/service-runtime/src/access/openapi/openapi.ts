/**
 * The OpenAPI 3.1 document of one service's REST API, built from its controllers' route metadata:
 * methods and paths from Nest's decorators, who may call each route from `@Allow`/`@Scope` (the bearer
 * scheme, `x-roles`, `x-scope`), summaries, parameters and answers from `@Doc`, and body schemas from
 * the protobuf descriptors. Served at /docs/openapi.json and written to docs/openapi/<service>.json.
 */
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { messageSchema } from '@trottoir/contracts';
import type { JsonSchema, SchemaCatalog } from '@trottoir/contracts';

import type { ScopeTarget, ValueSource } from '../access.metadata';
import type { RouteEntry } from '../route-table';
import { protoOf } from './proto-schema';

export const OPENAPI_JSON_PATH = '/docs/openapi.json';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
};

const AUDIT_ENTRY_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['at', 'service', 'requestId', 'roles', 'method', 'route', 'path', 'targetIds', 'status', 'durationMs'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    service: { type: 'string' },
    requestId: { type: 'string' },
    subject: { type: 'string', description: 'absent when the request had no valid token' },
    roles: { type: 'array', items: { type: 'string' } },
    method: { type: 'string' },
    route: { type: 'string', description: 'as declared, e.g. /v1/grid-nodes/:id' },
    path: { type: 'string' },
    targetIds: { type: 'array', items: { type: 'string' } },
    status: { type: 'integer' },
    error: { type: 'string' },
    durationMs: { type: 'integer' },
  },
};

function describeSource(source: ValueSource): string {
  return source.from === 'body' ? `body field ${source.names.join(' / ')}` : `${source.from === 'param' ? 'path' : 'query'} parameter ${source.name}`;
}

function describeTarget(target: ScopeTarget): string {
  switch (target.kind) {
    case 'node':
      return `grid node in ${describeSource(target.source)}: a dso-operator's own${target.mayBeNew ? ' (or a new one)' : ''}`;
    case 'segment':
      return `segment in ${describeSource(target.source)}: on a dso-operator's grid node${target.mayBeNew ? ' (or a new one)' : ''}, or one of a device's segment_ids`;
    case 'dso':
      return `DSO in ${describeSource(target.source)}: a dso-operator's own dso_id`;
    case 'stored':
      return `${target.what} named by ${describeSource(target.source)}: on a dso-operator's grid node`;
    case 'in-handler':
      return target.description;
    default: {
      const unknown: never = target;
      throw new Error(`unknown scope target ${JSON.stringify(unknown)}`);
    }
  }
}

/** Replaces protobuf markers by `$ref`s, registering their schemas. */
function resolveSchemas(value: unknown, catalog: SchemaCatalog): unknown {
  const message = protoOf(value);
  if (message) {
    messageSchema(message, catalog);
    return { $ref: `#/components/schemas/${message.typeName}` };
  }
  if (Array.isArray(value)) return value.map((item) => resolveSchemas(item, catalog));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveSchemas(item, catalog)]));
  return value;
}

function successStatus(route: RouteEntry): number {
  const handler = (route.controller.prototype as Record<string, object>)[route.handlerName];
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return route.doc?.response?.status ?? declared ?? (route.method === 'POST' ? 201 : 200);
}

function operationOf(route: RouteEntry, path: string, catalog: SchemaCatalog): JsonSchema {
  const doc = route.doc;
  const parameters = [
    ...[...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(doc?.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } })),
  ];
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const responses: Record<string, unknown> = {
    [String(successStatus(route))]: {
      description: doc?.response?.description ?? 'success',
      ...(doc?.response?.schema ? { content: { 'application/json': { schema: resolveSchemas(doc.response.schema, catalog) } } } : {}),
    },
  };
  for (const [status, description] of Object.entries(doc?.errors ?? {})) responses[status] = error(description);
  const operation: JsonSchema = {
    operationId: `${route.controller.name.replace(/Controller$/, '')}.${route.handlerName}`,
    summary: doc?.summary ?? `${route.method} ${path}`,
    ...(doc?.description ? { description: doc.description } : {}),
    tags: [route.controller.name.replace(/Controller$/, '')],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc?.body ? { requestBody: { required: true, ...(doc.body.description ? { description: doc.body.description } : {}), content: Object.fromEntries(Object.entries(doc.body.content).map(([mediaType, schema]) => [mediaType, { schema: resolveSchemas(schema, catalog) }])) } } : {}),
  };
  if (route.isPublic) return { ...operation, security: [], responses };
  const roles = [...new Set([...(route.rule?.roles ?? []), 'admin'])];
  responses['401'] = error('no bearer token, or a bad one (WWW-Authenticate: Bearer)');
  responses['403'] = error(`the token has none of the roles ${roles.join(', ')}, or the request is out of its scope`);
  responses['429'] = error('rate limit of the token subject reached (Retry-After: seconds)');
  if (route.method === 'POST') {
    operation.parameters = [...parameters, { name: 'Idempotency-Key', in: 'header', required: false, description: 'a retry with the same key and request gets the first answer again (Idempotent-Replayed: true); the same key with another request is a 422', schema: { type: 'string', maxLength: 255 } }];
    responses['409'] = error('a request with this Idempotency-Key is still being processed');
    responses['422'] = error('this Idempotency-Key was used for a different request');
  }
  return { ...operation, security: [{ bearer: [] }], 'x-roles': roles, ...(route.rule?.scope.length ? { 'x-scope': route.rule.scope.map(describeTarget) } : {}), responses };
}

const METHOD_ORDER = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];

export function buildOpenApi(service: string, routes: readonly RouteEntry[]): JsonSchema {
  const catalog: SchemaCatalog = new Map();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const sorted = [...routes].sort((a, b) => a.paths[0].localeCompare(b.paths[0]) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
  for (const route of sorted) {
    for (const nestPath of route.paths) {
      const path = nestPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route, path, catalog);
    }
  }
  const schemas: Record<string, JsonSchema> = { Error: ERROR_SCHEMA, AuditEntry: AUDIT_ENTRY_SCHEMA };
  for (const name of [...catalog.keys()].sort()) schemas[name] = catalog.get(name) as JsonSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: `Trottoir ${service} API`,
      version: '1.0.0',
      description:
        `The REST API of the ${service} service, generated from its controllers (libs/service-runtime/src/access/openapi). ` +
        'Every route but /health, /ready, /metrics and /docs needs a JWT bearer token whose "roles" claim holds one of the roles in the operation\'s x-roles; ' +
        'a dso-operator (claim dso_id) is limited to the grid nodes of its DSO and a device (claim segment_ids) to its segments (x-scope). ' +
        'Commands (every method but GET) are audited; X-Request-Id is echoed or made.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 or RS256 as configured (TROTTOIR_JWT_SECRET / TROTTOIR_JWT_PUBLIC_KEY). Claims: sub, exp, roles (dso-operator, market, ops-viewer, admin, device), dso_id, segment_ids; iss and aud when configured.',
        },
      },
      schemas,
    },
  };
}

/** The document as written to docs/openapi/<service>.json. */
export function renderOpenApiJson(service: string, routes: readonly RouteEntry[]): string {
  return `${JSON.stringify(buildOpenApi(service, routes), null, 2)}\n`;
}

