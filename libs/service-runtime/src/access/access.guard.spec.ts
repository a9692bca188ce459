/**
 * The access layer on a controller of its own: the rate limit per subject (429 with Retry-After),
 * Idempotency-Key (a retry gets the first answer and the use case runs once; another body with the
 * same key is a 422), the audit row of a command that fails in its handler, and the start-up check
 * that refuses a route declaring no access.
 */
import { Writable } from 'node:stream';

import { BadRequestException, Body, Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock } from '@trottoir/kernel';
import { createLogger } from '@trottoir/observability';

import { Allow, Scope, Secured } from './access.decorators';
import type { AccessSettings } from './access.config';
import { node, param, stored } from './access.metadata';
import { AccessModule } from './access.module';
import { InMemoryAuditLog } from './audit/audit-log.in-memory';
import { GRID_OWNERSHIP } from './grid-ownership.port';
import { InMemoryIdempotencyStore } from './idempotency/idempotency-store.in-memory';
import { claimsOf } from './principal';
import type { Role } from './principal';
import { signHs256 } from './token/jwt';

const SECRET = 'access-guard-spec-secret-0123456789abcdef';
const NOW_MS = Date.UTC(2026, 5, 21, 12);
const token = (roles: Role[], subject: string, dsoId?: string) => `Bearer ${signHs256(claimsOf({ subject, roles, dsoId }, NOW_MS / 1000, 3600), SECRET)}`;

let runs = 0;
const ORDERS = Symbol('ORDERS');
const orders = { order: async (id: string) => ({ 'o-1': { nodeId: 'enedis-ps01' }, 'o-2': { nodeId: 'other-ps01' } })[id] };

@Controller('v1/nodes')
@Secured()
class OrdersController {
  @Post(':nodeId/orders')
  @HttpCode(202)
  @Allow('dso-operator')
  @Scope(node(param('nodeId')))
  order(@Param('nodeId') nodeId: string, @Body() body: { w: number }): { orderId: string; nodeId: string; w: number } {
    runs++;
    if (body.w < 0) throw new BadRequestException('w must not be negative');
    return { orderId: `order-${runs}`, nodeId, w: body.w };
  }

  @Get('orders/:orderId')
  @Allow('dso-operator')
  @Scope(stored(param('orderId'), 'order', ORDERS, 'order'))
  readOrder(@Param('orderId') orderId: string): { orderId: string } {
    return { orderId };
  }

  @Get(':nodeId')
  @Allow('ops-viewer')
  read(@Param('nodeId') nodeId: string): { nodeId: string } {
    return { nodeId };
  }
}

@Controller('v1/open-by-mistake')
class ForgottenController {
  @Get()
  read(): string {
    return 'oops';
  }
}

const settings: AccessSettings = { mode: 'jwt', key: { algorithm: 'HS256', secret: SECRET }, clockSkewS: 30, rateLimit: { perSecond: 1, burst: 3 }, idempotencyTtlMs: 3_600_000 };

async function appWith(controllers: unknown[], auditLog = new InMemoryAuditLog(), clock = new ManualClock(NOW_MS)): Promise<INestApplication> {
  const access = AccessModule.register({ service: 'dispatch', settings, clock, logger: createLogger({ service: 'spec', destination: new Writable({ write: (_c, _e, done) => done() }) }), auditLog, idempotency: new InMemoryIdempotencyStore() });
  @Module({ imports: [access], controllers: controllers as never[], providers: [{ provide: ORDERS, useValue: orders }, { provide: GRID_OWNERSHIP, useValue: { dsoOfNode: (id: string) => (id.startsWith('enedis-') ? 'enedis' : 'other'), nodeOfSegment: () => undefined } }] })
  class SpecModule {}
  const app = await NestFactory.create(SpecModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('access guard', () => {
  let app: INestApplication;
  let url: string;
  const auditLog = new InMemoryAuditLog();
  const clock = new ManualClock(NOW_MS);

  beforeAll(async () => {
    app = await appWith([OrdersController], auditLog, clock);
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string>) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('given a retried POST with the same Idempotency-Key, then the first answer again and the use case ran once; another body with that key is a 422', async () => {
    const operator = { authorization: token(['dso-operator'], 'op-idem', 'enedis'), 'idempotency-key': 'order-7f3a' };
    const before = runs;
    const first = await post('/v1/nodes/enedis-ps01/orders', { w: 5000 }, operator);
    const again = await post('/v1/nodes/enedis-ps01/orders', { w: 5000 }, operator);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const answer = await first.json();
    expect(await again.json()).toEqual(answer);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(runs).toBe(before + 1);
    const other = await post('/v1/nodes/enedis-ps01/orders', { w: 6000 }, operator);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { message: string }).message).toContain('Idempotency-Key "order-7f3a" was already used for a different request');
    expect(runs).toBe(before + 1);
    // Keys are per subject: another operator's same key is a new request.
    const second = await post('/v1/nodes/enedis-ps01/orders', { w: 5000 }, { ...operator, authorization: token(['dso-operator'], 'op-idem-2', 'enedis') });
    expect(second.status).toBe(202);
    expect(runs).toBe(before + 2);
  });

  it('given a 4xx first answer, then the retry gets the same 4xx without running again', async () => {
    const operator = { authorization: token(['dso-operator'], 'op-bad', 'enedis'), 'idempotency-key': 'bad-1' };
    const before = runs;
    const first = await post('/v1/nodes/enedis-ps01/orders', { w: -1 }, operator);
    const again = await post('/v1/nodes/enedis-ps01/orders', { w: -1 }, operator);
    expect([first.status, again.status]).toEqual([400, 400]);
    expect(await again.json()).toEqual(await first.json());
    expect(runs).toBe(before + 1);
  });

  it('given a command on a foreign node, then 403 before the handler runs', async () => {
    const before = runs;
    const response = await post('/v1/nodes/other-ps01/orders', { w: 1 }, { authorization: token(['dso-operator'], 'op-foreign', 'enedis') });
    expect(response.status).toBe(403);
    expect(runs).toBe(before);
  });

  it('given a record named by id, then a DSO reads it only when it lies on its grid node; an unknown one goes to the handler', async () => {
    const operator = { authorization: token(['dso-operator'], 'op-stored', 'enedis') };
    expect((await fetch(`${url}/v1/nodes/orders/o-1`, { headers: operator })).status).toBe(200);
    const foreign = await fetch(`${url}/v1/nodes/orders/o-2`, { headers: operator });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { message: string }).message).toBe('grid node "other-ps01" is not among the nodes of DSO "enedis"');
    expect((await fetch(`${url}/v1/nodes/orders/o-404`, { headers: operator })).status).toBe(200);
  });

  it('writes one audit row per command with who, what, the outcome and the request id; none for reads', async () => {
    const response = await post('/v1/nodes/enedis-ps02/orders', { w: -5 }, { authorization: token(['dso-operator'], 'op-audit', 'enedis'), 'x-request-id': 'audit-spec-1' });
    expect(response.status).toBe(400);
    await fetch(`${url}/v1/nodes/enedis-ps02`, { headers: { authorization: token(['ops-viewer'], 'op-audit') } });
    const rows = await auditLog.list({ subject: 'op-audit', limit: 10 });
    expect(rows).toEqual([
      { at: NOW_MS, service: 'dispatch', requestId: 'audit-spec-1', subject: 'op-audit', roles: ['dso-operator'], method: 'POST', route: '/v1/nodes/:nodeId/orders', path: '/v1/nodes/enedis-ps02/orders', targetIds: ['enedis-ps02'], status: 400, error: 'w must not be negative', durationMs: 0 },
    ]);
  });

  it('given more requests than the burst, then 429 with Retry-After for that subject only', async () => {
    const viewer = { authorization: token(['ops-viewer'], 'viewer-burst') };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/v1/nodes/x`, { headers: viewer })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(`${url}/v1/nodes/x`, { headers: viewer });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { message: string }).message).toContain('rate limit of 1 requests/s (burst 3) reached for "viewer-burst"');
    expect((await fetch(`${url}/v1/nodes/x`, { headers: { authorization: token(['ops-viewer'], 'viewer-other') } })).status).toBe(200);
    clock.advance(1_000);
    expect((await fetch(`${url}/v1/nodes/x`, { headers: viewer })).status).toBe(200);
  });

  it('refuses to start an application with a route that declares no access', async () => {
    await expect(appWith([OrdersController, ForgottenController])).rejects.toThrow('GET /v1/open-by-mistake (ForgottenController.read): neither @Secured() on its controller nor @Public()');
  });
});
