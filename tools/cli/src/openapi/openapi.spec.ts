/**
 * The OpenAPI documents match the code: each committed docs/openapi/<service>.json is what the
 * generator writes; every route the service's Nest application registers in Express appears in it
 * with its method and path, and every path of the document is such a route; the document the running
 * application serves at /docs/openapi.json is the same; and every operation but the open ones carries
 * the bearer scheme and its roles.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import { Module } from '@nestjs/common';
import type { INestApplication, Type } from '@nestjs/common';
import { SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, NestFactory } from '@nestjs/core';
import { systemClock } from '@trottoir/kernel';
import { createLogger } from '@trottoir/observability';
import { AccessModule, AUDIT_LOG, InMemoryAuditLog, InMemoryIdempotencyStore, ReadinessRegistry, SERVICE_NAME } from '@trottoir/service-runtime';
import type { ServiceDefinition } from '@trottoir/service-runtime';
import { testAccessSettings } from '@trottoir/testing';

import { allServices } from '../services';
import { controllersOfService, openApiPath, renderServiceOpenApi } from './service-openapi';

const root = path.resolve(__dirname, '../../../..');
const OPEN = new Set(['/health', '/ready', '/metrics', '/docs', '/docs/openapi.json']);
type Operation = { security?: unknown[]; 'x-roles'?: string[] };
type Document = { paths: Record<string, Record<string, Operation>> };

/** The service's controllers in a Nest application of their own, each dependency a placeholder: routing only. */
async function routingApp(definition: ServiceDefinition, controllers: Type<unknown>[]): Promise<INestApplication> {
  const tokens = new Set<unknown>();
  for (const controller of controllers) for (const { param } of (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, controller) ?? []) as { param: unknown }[]) tokens.add(param);
  const providers = [...tokens]
    // Provided for real: the audit log by the access module, discovery by Nest.
    .filter((token) => token !== AUDIT_LOG && token !== DiscoveryService)
    .map((token) => ({ provide: token as symbol, useValue: token === SERVICE_NAME ? definition.name : token === ReadinessRegistry ? new ReadinessRegistry() : {} }));
  const access = AccessModule.register({
    service: definition.name,
    settings: testAccessSettings(),
    clock: systemClock,
    logger: createLogger({ service: 'openapi-spec', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    auditLog: new InMemoryAuditLog(),
    idempotency: new InMemoryIdempotencyStore(),
  });
  @Module({ imports: [DiscoveryModule, access], controllers: controllers.filter((controller) => controller.name !== 'AuditController'), providers })
  class RoutingModule {}
  const app = await NestFactory.create(RoutingModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** `METHOD /path` of every route Express holds, in OpenAPI's path syntax. */
function expressRoutes(app: INestApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router;
  return router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((method) => method !== '_all').map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`) : [],
  );
}

describe.each(allServices.map((service) => ({ name: service.name, service })))('OpenAPI document of $name', ({ service }) => {
  let app: INestApplication;
  let document: Document;

  beforeAll(async () => {
    document = JSON.parse(await renderServiceOpenApi(service)) as Document;
    app = await routingApp(service, await controllersOfService(service));
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`is committed as generated (regenerate: node tools/scripts/run-ts.mjs tools/cli/src/openapi/openapi.write.ts)`, async () => {
    expect(readFileSync(path.join(root, openApiPath(service.name)), 'utf8')).toBe(await renderServiceOpenApi(service));
  });

  it('has every route of the application with its method and path, and no path that is not a route', () => {
    const documented = Object.entries(document.paths).flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`));
    expect([...documented].sort()).toEqual([...new Set(expressRoutes(app))].filter((route) => !route.startsWith('HEAD ')).sort());
  });

  it('is what the running application serves at /docs/openapi.json', async () => {
    const served = await fetch(`${await app.getUrl()}/docs/openapi.json`);
    expect(served.status, await served.clone().text()).toBe(200);
    expect(await served.json()).toEqual(document);
  });

  it('puts the bearer scheme and the roles on every operation but the open ones', () => {
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        if (OPEN.has(route)) expect(operation.security).toEqual([]);
        else {
          expect(operation.security).toEqual([{ bearer: [] }]);
          expect(operation['x-roles']).toContain('admin');
        }
      }
    }
  });
});
