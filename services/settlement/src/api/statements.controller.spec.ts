/**
 * The statements API behind the real access layer (JWT, roles, scope) on the in-memory store: a DSO
 * operator reads the statements of its own nodes' orders only, market and ops-viewer read all, a device
 * none; versions come with their differences; the document is the bytes its hash covers; CSV export.
 */
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { canonicalJson, sha256Hex } from '@trottoir/settlement';
import { GRID_OWNERSHIP } from '@trottoir/service-runtime';
import type { GridOwnership } from '@trottoir/service-runtime';
import { accessForTests, bearer } from '@trottoir/testing';
import request from 'supertest';

import type { StatementVersionRecord } from '../store/statement-records';
import { statementIdOfAllocation, statementIdOfOrder } from '../store/statement-records';
import { InMemoryStatementStore } from '../store/statement-store.in-memory';
import { STATEMENT_STORE } from '../store/statement-store.port';
import { StatementsController } from './statements.controller';

const T0 = Date.UTC(2026, 5, 22, 12);
const ownership: GridOwnership = { dsoOfNode: (nodeId) => ({ ps01: 'enedis', ps02: 'other-dso' })[nodeId], nodeOfSegment: () => undefined };

function document(netCents: number) {
  return {
    format: 'trottoir.settlement.order-statement/1',
    orderId: 'o-1',
    isps: [{ ispStart: T0, priceCentsPerMWh: 20_000, orderedW: -40_000, baselineW: 100_000, meteredW: 60_000, deliveredW: 40_000, orderedWh: 10_000, deliveredWh: 10_000, paidWh: 10_000, shortfallWh: 0, remunerationCents: netCents, penaltyCents: 0, netCents }],
    segments: [],
    totals: { orderedWh: 10_000, deliveredWh: 10_000, paidWh: 10_000, shortfallWh: 0, remunerationCents: netCents, penaltyCents: 0, netCents },
  };
}

function version(orderId: string, nodeId: string, n: number, netCents: number, changes?: string): StatementVersionRecord {
  const text = canonicalJson({ ...document(netCents), orderId });
  return { statementId: statementIdOfOrder(orderId), kind: 'order', orderId, nodeId, dsoId: nodeId === 'ps01' ? 'enedis' : 'other-dso', version: n, contentSha256: sha256Hex(text), document: text, ...(changes ? { changes } : {}), dataChangeId: n, dataAsOf: T0 + n, issuedAt: T0 + n };
}

describe('GET /v1/statements', () => {
  let app: INestApplication;
  const dso = () => bearer({ roles: ['dso-operator'], dsoId: 'enedis' });

  beforeAll(async () => {
    const store = new InMemoryStatementStore();
    await store.followOrder({ orderId: 'o-1', nodeId: 'ps01', acceptedAt: T0 });
    await store.appendVersion(version('o-1', 'ps01', 1, 200));
    await store.appendVersion(version('o-1', 'ps01', 2, 150, '[{"delta":-50,"from":200,"path":"/totals/netCents","to":150}]'));
    await store.followOrder({ orderId: 'o-2', nodeId: 'ps02', acceptedAt: T0 });
    await store.appendVersion(version('o-2', 'ps02', 1, 80));
    const allocation = canonicalJson({ format: 'trottoir.settlement.allocation-statement/1', nodeId: 'ps01', participant: 'ev-charging', month: '2026-06', consumedWh: 3_000, allocatedWh: 1_000, days: [{ date: '2026-06-01', consumedWh: 3_000, allocatedWh: 1_000 }] });
    await store.appendVersion({ statementId: statementIdOfAllocation('ps01', '2026-06', 'ev-charging'), kind: 'allocation', nodeId: 'ps01', dsoId: 'enedis', version: 1, contentSha256: sha256Hex(allocation), document: allocation, dataChangeId: 0, dataAsOf: T0, issuedAt: T0 });
    @Module({ imports: [accessForTests().module], controllers: [StatementsController], providers: [{ provide: STATEMENT_STORE, useValue: store }, { provide: GRID_OWNERSHIP, useValue: ownership }] })
    class SpecModule {}
    app = await NestFactory.create(SpecModule, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('gives a DSO operator its own order\'s statement with every version and its difference', async () => {
    const response = await request(app.getHttpServer()).get('/v1/statements?orderId=o-1').set(dso());
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({ statementId: 'order-o-1', orderId: 'o-1', nodeId: 'ps01', dsoId: 'enedis' });
    expect(response.body[0].versions.map((v: { version: number; document: { totals: { netCents: number } }; changes: unknown[] }) => [v.version, v.document.totals.netCents, v.changes])).toEqual([
      [1, 200, []],
      [2, 150, [{ delta: -50, from: 200, path: '/totals/netCents', to: 150 }]],
    ]);
  });

  it('refuses another DSO\'s statements, a device and a missing token; market and ops-viewer read every one', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/v1/statements?orderId=o-2').set(dso())).status).toBe(403);
    expect((await request(server).get('/v1/statements/order-o-2').set(dso())).status).toBe(403);
    expect((await request(server).get('/v1/statements?orderId=o-1').set(bearer({ roles: ['device'], segmentIds: ['s1'] }))).status).toBe(403);
    expect((await request(server).get('/v1/statements?orderId=o-1')).status).toBe(401);
    for (const role of ['market', 'ops-viewer'] as const) {
      expect((await request(server).get('/v1/statements/order-o-2').set(bearer({ roles: [role] }))).body).toMatchObject({ orderId: 'o-2', versions: [{ version: 1 }] });
    }
  });

  it('answers 400 without an order, 404 for an unknown statement or version', async () => {
    const server = app.getHttpServer();
    const market = bearer({ roles: ['market'] });
    expect((await request(server).get('/v1/statements').set(market)).status).toBe(400);
    expect((await request(server).get('/v1/statements?orderId=nobody').set(market)).body).toEqual([]);
    expect((await request(server).get('/v1/statements/order-nobody').set(market)).status).toBe(404);
    expect((await request(server).get('/v1/statements/order-o-1/versions/3/document').set(market)).status).toBe(404);
    expect((await request(server).get('/v1/statements/order-o-1/csv?version=x').set(market)).status).toBe(400);
  });

  it('lists an operation\'s monthly allocation statements for its own DSO, with their CSV by day', async () => {
    const server = app.getHttpServer();
    const list = await request(server).get('/v1/statements/allocations/ps01/2026-06').set(dso());
    expect(list.status).toBe(200);
    expect(list.body.map((s: { statementId: string; kind: string; versions: { document: { allocatedWh: number } }[] }) => [s.statementId, s.kind, s.versions[0].document.allocatedWh])).toEqual([['allocation-ps01-2026-06-ev-charging', 'allocation', 1_000]]);
    expect((await request(server).get('/v1/statements/allocations/ps02/2026-06').set(dso())).status).toBe(403);
    expect((await request(server).get('/v1/statements/allocations/ps01/2026-13').set(dso())).status).toBe(400);
    const csv = await request(server).get('/v1/statements/allocation-ps01-2026-06-ev-charging/csv').set(dso());
    expect(csv.text).toBe('row,nodeId,participant,month,version,date,consumedWh,allocatedWh\nday,ps01,ev-charging,2026-06,1,2026-06-01,3000,1000\ntotal,ps01,ev-charging,2026-06,1,,3000,1000\n');
  });

  it('serves a version\'s document as the exact bytes of its hash, and the CSV of any version', async () => {
    const server = app.getHttpServer();
    const doc = await request(server).get('/v1/statements/order-o-1/versions/1/document').set(dso());
    expect(doc.status).toBe(200);
    expect(sha256Hex(doc.text)).toBe(version('o-1', 'ps01', 1, 200).contentSha256);
    const csv = await request(server).get('/v1/statements/order-o-1/csv?version=1').set(dso());
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[1]).toBe(`node,o-1,1,,${T0},2026-06-22T12:00:00.000Z,20000,-40000,100000,60000,,40000,10000,10000,10000,0,200,0,200`);
    expect((await request(server).get('/v1/statements/order-o-1/csv').set(dso())).text).toContain('total,o-1,2,');
  });
});
