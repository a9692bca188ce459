/**
 * The registry's REST API behind the access layer, wired as in the service (RuntimeModule, the
 * in-process bus) on the in-memory store: a DSO reads and changes only its own grid nodes and
 * segments, a request on another DSO's node is a 403 that changes nothing — the store, the memory and
 * the compacted topic hold what they held — and every command, refused or not, is in the audit trail.
 */
import { Writable } from 'node:stream';

import { Module } from '@nestjs/common';
import type { MessageBus } from '@trottoir/messaging';
import { allTopics, GridNodeSchema, SegmentSchema, toJsonValue, topics } from '@trottoir/contracts';
import type { GridNode } from '@trottoir/contracts';
import { FleetRegistry, generateCity } from '@trottoir/fleet';
import { systemClock } from '@trottoir/kernel';
import { InProcessMessageBus, OutboxRelay } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { GridOwnership, RunningService } from '@trottoir/service-runtime';
import { GRID_OWNERSHIP, MESSAGE_BUS, startHttpService } from '@trottoir/service-runtime';
import { bearer, testAccessSettings, TopicRecorder } from '@trottoir/testing';

import { RegistryController } from './registry.controller';
import { RegistryPublisher } from './registry.publisher';
import { RegistryService } from './registry.service';
import { InMemoryRegistryStore } from './registry-store.in-memory';
import { REGISTRY_RECORDS } from './registry-records.port';

const ours = generateCity({ segments: 12, seed: 3, dsoId: 'enedis', idPrefix: 'a-' });
const theirs = generateCity({ segments: 12, seed: 4, dsoId: 'other-dso', idPrefix: 'b-' });
const store = new InMemoryRegistryStore();

@Module({
  controllers: [RegistryController],
  providers: [
    FleetRegistry,
    { provide: REGISTRY_RECORDS, useValue: store },
    { provide: RegistryPublisher, useFactory: (bus: MessageBus) => new RegistryPublisher(new OutboxRelay(store.outbox, bus)), inject: [MESSAGE_BUS] },
    RegistryService,
    { provide: GRID_OWNERSHIP, useFactory: (registry: FleetRegistry): GridOwnership => ({ dsoOfNode: (id) => registry.node(id)?.dsoId, nodeOfSegment: (id) => registry.find(id)?.gridNodeId }), inject: [FleetRegistry] },
  ],
})
class RegistrySpecModule {}

const enedis = () => bearer({ roles: ['dso-operator'], dsoId: 'enedis', subject: 'operator-enedis' });
const other = () => bearer({ roles: ['dso-operator'], dsoId: 'other-dso', subject: 'operator-other' });
const admin = () => bearer({ roles: ['admin'], subject: 'admin-1' });
const json = (value: unknown) => JSON.stringify(value);

describe('registry API access', () => {
  let service: RunningService;
  let bus: InProcessMessageBus;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    await store.upsertGridNodes([...ours.gridNodes, ...theirs.gridNodes]);
    await store.upsertSegments([...ours.segments, ...theirs.segments]);
    bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
    recorder = await TopicRecorder.start(bus, [topics.fleetGridNode, topics.fleetSegment]);
    const logger = createLogger({ service: 'ingestion', destination: new Writable({ write: (_c, _e, done) => done() }) });
    service = await startHttpService(
      { name: 'ingestion', module: RegistrySpecModule, portOffset: 0, usesDatabase: false },
      { name: 'ingestion', bus, clock: systemClock, logger, metrics: createMetricsRegistry('ingestion', { processMetrics: false }), access: testAccessSettings() },
      { host: '127.0.0.1', port: 0 },
    );
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
  });

  const put = (path: string, body: unknown, headers: Record<string, string>) => fetch(`${service.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: json(body) });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers });
  const storedNode = async (id: string): Promise<GridNode | undefined> => (await store.loadGridNodes()).find((node) => node.nodeId === id);
  const audit = async () => (await (await get('/v1/audit?limit=1000', admin())).json()) as Array<{ subject?: string; status: number; error?: string; route: string; targetIds: string[]; requestId: string; method: string }>;

  it('a DSO operator changing another DSO\'s grid node gets 403, and the store, the registry and the topic hold what they held', async () => {
    const foreign = theirs.gridNodes[0];
    const before = await storedNode(foreign.nodeId);
    const published = recorder.on(topics.fleetGridNode).length;
    const response = await put(`/v1/grid-nodes/${foreign.nodeId}`, toJsonValue(GridNodeSchema, { ...foreign, ratedLimitW: 1, dsoId: 'enedis' }), { ...enedis(), 'x-request-id': 'req-foreign-1' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(`grid node "${foreign.nodeId}" is not among the nodes of DSO "enedis"`);
    expect(response.headers.get('x-request-id')).toBe('req-foreign-1');
    expect(await storedNode(foreign.nodeId)).toEqual(before);
    expect(((await get(`/v1/grid-nodes/${foreign.nodeId}`, admin()).then((r) => r.json())) as { ratedLimitW: unknown }).ratedLimitW).toBe((toJsonValue(GridNodeSchema, foreign) as { ratedLimitW: unknown }).ratedLimitW);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorder.on(topics.fleetGridNode)).toHaveLength(published);
    expect((await audit()).find((entry) => entry.requestId === 'req-foreign-1')).toMatchObject({ subject: 'operator-enedis', method: 'PUT', route: '/v1/grid-nodes/:id', status: 403, targetIds: expect.arrayContaining([foreign.nodeId, 'enedis']) });
  });

  it('a DSO operator may not register a node for another DSO, nor move a segment onto a node it does not own', async () => {
    const fresh = { ...ours.gridNodes[1], nodeId: 'a-new-node', dsoId: 'other-dso' };
    expect((await put('/v1/grid-nodes/a-new-node', toJsonValue(GridNodeSchema, fresh), enedis())).status).toBe(403);
    expect(await storedNode('a-new-node')).toBeUndefined();
    const segment = { ...ours.segments[0], gridNodeId: theirs.segments[0].gridNodeId };
    const response = await put(`/v1/segments/${segment.segmentId}`, toJsonValue(SegmentSchema, segment), enedis());
    expect(response.status).toBe(403);
    expect((await store.loadSegments([segment.segmentId]))[0].gridNodeId).toBe(ours.segments[0].gridNodeId);
  });

  it('a DSO operator changes its own grid node; the change is stored and audited with its outcome', async () => {
    const own = ours.gridNodes[ours.gridNodes.length - 1];
    const response = await put(`/v1/grid-nodes/${own.nodeId}`, toJsonValue(GridNodeSchema, { ...own, name: 'renamed by its DSO' }), enedis());
    expect(response.status).toBe(200);
    expect((await storedNode(own.nodeId))?.name).toBe('renamed by its DSO');
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await audit()).find((entry) => entry.requestId === requestId)).toMatchObject({ subject: 'operator-enedis', status: 200, targetIds: expect.arrayContaining([own.nodeId]) });
  });

  it('reads: a DSO sees its own nodes only; ops viewers and the market see all', async () => {
    expect((await get(`/v1/grid-nodes/${ours.gridNodes[0].nodeId}`, enedis())).status).toBe(200);
    expect((await get(`/v1/grid-nodes/${ours.gridNodes[0].nodeId}`, other())).status).toBe(403);
    expect((await get(`/v1/segments/${ours.segments[0].segmentId}`, other())).status).toBe(403);
    expect((await get(`/v1/segments?gridNodeId=${ours.gridNodes[0].nodeId}`, other())).status).toBe(403);
    expect((await get(`/v1/segments?gridNodeId=${ours.gridNodes[0].nodeId}`, enedis())).status).toBe(200);
    expect((await get(`/v1/grid-nodes/${theirs.gridNodes[0].nodeId}`, bearer({ roles: ['ops-viewer'] }))).status).toBe(200);
    expect((await get(`/v1/segments/${theirs.segments[0].segmentId}`, bearer({ roles: ['market'] }))).status).toBe(200);
    expect((await get(`/v1/grid-nodes/${theirs.gridNodes[0].nodeId}`, bearer({ roles: ['device'], segmentIds: [theirs.segments[0].segmentId] }))).status).toBe(403);
  });

  it('without a token or with a bad one, 401 with WWW-Authenticate: Bearer; the refused command is audited without a subject', async () => {
    const none = await get(`/v1/grid-nodes/${ours.gridNodes[0].nodeId}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="trottoir"');
    const forged = await put(`/v1/grid-nodes/${ours.gridNodes[0].nodeId}`, {}, { authorization: `Bearer ${bearer({ roles: ['admin'], secret: 'another-secret-0123456789-0123456789' }).authorization.slice(7)}`, 'x-request-id': 'req-forged' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(((await forged.json()) as { message: string }).message).toBe('invalid token signature');
    expect((await audit()).find((entry) => entry.requestId === 'req-forged')).toMatchObject({ status: 401, error: 'invalid token signature', roles: [] });
    expect((await audit()).find((entry) => entry.requestId === 'req-forged')?.subject).toBeUndefined();
  });

  it('the audit trail is for admins only', async () => {
    expect((await get('/v1/audit', bearer({ roles: ['ops-viewer'] }))).status).toBe(403);
    expect((await get('/v1/audit?from=yesterday', admin())).status).toBe(400);
  });

  it('health, readiness, metrics and the OpenAPI document stay open', async () => {
    for (const path of ['/health', '/ready', '/metrics', '/docs', '/docs/openapi.json']) expect((await get(path)).status).toBe(200);
  });
});
