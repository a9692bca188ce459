/**
 * The OpenAPI document of each service as written to docs/openapi/<service>.json: its own
 * controllers (found from its module tree, nothing started) and the runtime's (health, readiness,
 * metrics, docs, audit), which every service serves.
 */
import type { Type } from '@nestjs/common';
import type { ServiceDefinition } from '@trottoir/service-runtime';
import { AuditController, controllersOfModule, DocsController, HealthController, MetricsController, renderOpenApiJson, routesOf } from '@trottoir/service-runtime';

export const RUNTIME_CONTROLLERS: readonly Type<unknown>[] = [HealthController, MetricsController, DocsController, AuditController];

export const openApiPath = (service: string): string => `docs/openapi/${service}.json`;

export async function controllersOfService(definition: ServiceDefinition): Promise<Type<unknown>[]> {
  return [...RUNTIME_CONTROLLERS, ...(await controllersOfModule(definition.module))];
}

export async function renderServiceOpenApi(definition: ServiceDefinition): Promise<string> {
  return renderOpenApiJson(definition.name, routesOf(await controllersOfService(definition)));
}
