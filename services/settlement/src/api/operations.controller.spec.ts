/**
 * The organiser's API behind the real access layer on the in-memory adapters: only an admin records; a
 * participant's consumption and the custom shares are checked before anything is stored (400 with the
 * problem), an unknown operation is a 404, and a record reopens the allocated months it touches.
 */
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock } from '@trottoir/kernel';
import { CLOCK, GRID_OWNERSHIP } from '@trottoir/service-runtime';
import { accessForTests, bearer } from '@trottoir/testing';
import request from 'supertest';

import { InMemoryOrganiserData } from '../operations/organiser-data.in-memory';
import { ORGANISER_DATA } from '../operations/organiser-data.port';
import { loadSettlementConfig, SETTLEMENT_CONFIG } from '../settlement.config';
import { InMemoryStatementStore } from '../store/statement-store.in-memory';
import { STATEMENT_STORE } from '../store/statement-store.port';
import { OperationsController } from './operations.controller';

const JUNE = Date.UTC(2026, 4, 31, 22);
const JULY = Date.UTC(2026, 5, 30, 22);
const Q = 15 * 60_000;

describe('PUT /v1/operations', () => {
  let app: INestApplication;
  const data = new InMemoryOrganiserData();
  const store = new InMemoryStatementStore();
  const admin = () => bearer({ roles: ['admin'] });

  beforeAll(async () => {
    await store.followAllocationPeriod({ nodeId: 'ps01', month: '2026-06', dueAt: JULY });
    await store.allocationPeriodSettled('ps01', '2026-06', { dataFromTs: JUNE, dataToTs: JULY });
    @Module({
      imports: [accessForTests().module],
      controllers: [OperationsController],
      providers: [
        { provide: ORGANISER_DATA, useValue: data },
        { provide: STATEMENT_STORE, useValue: store },
        { provide: SETTLEMENT_CONFIG, useValue: loadSettlementConfig({ TROTTOIR_SETTLEMENT_OPERATIONS: 'ps01' }) },
        { provide: CLOCK, useValue: new ManualClock(JULY + Q) },
        { provide: GRID_OWNERSHIP, useValue: { dsoOfNode: () => 'enedis', nodeOfSegment: () => undefined } },
      ],
    })
    class SpecModule {}
    app = await NestFactory.create(SpecModule, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it("records a building's consumption and reopens the allocated month it falls in", async () => {
    const res = await request(app.getHttpServer()).put('/v1/operations/ps01/consumption/building-7').set(admin()).send({ isps: [{ ispStart: JUNE + Q, powerW: 1_200 }, { ispStart: JUNE + 2 * Q, powerW: 0 }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ nodeId: 'ps01', participant: 'building-7', isps: 2, monthsReopened: 1 });
    expect(await data.consumption('ps01', JUNE, JULY)).toEqual(new Map([['building-7', new Map([[JUNE + Q, 1_200], [JUNE + 2 * Q, 0]])]]));
    expect((await store.pendingAllocationPeriods(JULY + Q, 10)).map((p) => p.month)).toEqual(['2026-06']);
  });

  it('records custom shares per ISP', async () => {
    const res = await request(app.getHttpServer()).put('/v1/operations/ps01/allocation-shares').set(admin()).send({ isps: [{ ispStart: JUNE, shares: { 'building-7': 0.6, 'street-lighting': 0.4 } }] });
    expect(res.status).toBe(200);
    expect(await data.shares('ps01', JUNE, JUNE + Q)).toEqual(new Map([[JUNE, new Map([['building-7', 0.6], ['street-lighting', 0.4]])]]));
  });

  it.each([
    ['a metered participant', '/v1/operations/ps01/consumption/street-lighting', { isps: [{ ispStart: JUNE, powerW: 1 }] }, /metered by the segments/],
    ['a bad name', '/v1/operations/ps01/consumption/Building 7', { isps: [{ ispStart: JUNE, powerW: 1 }] }, /lower-case letters/],
    ['no ISPs', '/v1/operations/ps01/consumption/building-7', { isps: [] }, /at least one ISP/],
    ['a negative power', '/v1/operations/ps01/consumption/building-7', { isps: [{ ispStart: JUNE, powerW: -5 }] }, /isps\[0\]\.powerW/],
    ['an unaligned ISP', '/v1/operations/ps01/consumption/building-7', { isps: [{ ispStart: JUNE + 1, powerW: 5 }] }, /isps\[0\]\.ispStart/],
    ['an ISP twice', '/v1/operations/ps01/consumption/building-7', { isps: [{ ispStart: JUNE, powerW: 5 }, { ispStart: JUNE, powerW: 6 }] }, /given twice/],
    ['shares above 1', '/v1/operations/ps01/allocation-shares', { isps: [{ ispStart: JUNE, shares: { a: 0.7, b: 0.4 } }] }, /add up to 1\.1/],
    ['a share above 1', '/v1/operations/ps01/allocation-shares', { isps: [{ ispStart: JUNE, shares: { a: 2 } }] }, /shares\.a: expected a share from 0 to 1/],
  ])('refuses %s with a 400 naming the problem, storing nothing', async (_, path, body, message) => {
    const before = JSON.stringify([...(await data.consumption('ps01', JUNE, JULY)).get('building-7') ?? []]);
    const res = await request(app.getHttpServer()).put(encodeURI(path)).set(admin()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(JSON.stringify([...(await data.consumption('ps01', JUNE, JULY)).get('building-7') ?? []])).toBe(before);
  });

  it('answers 404 for a node that is no operation, and 403 to anyone but an admin', async () => {
    const unknown = await request(app.getHttpServer()).put('/v1/operations/ps99/consumption/building-7').set(admin()).send({ isps: [{ ispStart: JUNE, powerW: 1 }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/"ps99" is not an operation of this service \(TROTTOIR_SETTLEMENT_OPERATIONS: ps01\)/);
    const dso = await request(app.getHttpServer()).put('/v1/operations/ps01/consumption/building-7').set(bearer({ roles: ['dso-operator'], dsoId: 'enedis' })).send({ isps: [{ ispStart: JUNE, powerW: 1 }] });
    expect(dso.status).toBe(403);
  });
});
