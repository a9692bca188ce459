import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ASYNCAPI_DOCUMENT_PATH, buildAsyncApi, renderAsyncApiYaml } from './asyncapi';
import { allTopics, topics } from './topics';
import { toYaml } from './yaml';

type Doc = Record<string, Record<string, Record<string, unknown>>>;

describe('AsyncAPI document', () => {
  it('is committed exactly as generated from the registry (regenerate: node tools/scripts/run-ts.mjs libs/contracts/src/asyncapi.write.ts)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../..', ASYNCAPI_DOCUMENT_PATH), 'utf8');
    expect(committed).toBe(renderAsyncApiYaml());
  });

  it('has one channel per topic, with its partitions, cleanup policy and key', () => {
    const doc = buildAsyncApi() as Doc;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values(doc.channels).map((channel) => channel.address)).toEqual(allTopics.map((topic) => topic.name));
    expect(doc.channels.fleetSegment.bindings).toEqual({
      kafka: { topic: 'fleet.segment.v1', partitions: 6, topicConfiguration: { 'cleanup.policy': ['compact'] }, bindingVersion: '0.5.0' },
    });
    const message = (doc.channels.telemetryRaw.messages as Record<string, Record<string, unknown>>).SegmentTelemetry;
    expect(message.bindings).toMatchObject({ kafka: { key: { type: 'string', description: topics.telemetryRaw.keyDescription } } });
  });

  it('describes payloads field by field from the descriptors', () => {
    const schemas = (buildAsyncApi() as Doc).components.schemas as Record<string, { properties?: Record<string, unknown>; enum?: string[] }>;
    expect(Object.keys(schemas['trottoir.telemetry.v1.SegmentTelemetry'].properties ?? {})).toEqual([
      'segmentId', 'ts', 'pvPowerW', 'lightsPowerW', 'evPowerW', 'batteryPowerW', 'batterySocPct',
      'netPowerW', 'meterImportWh', 'meterExportWh', 'lightsDimmingPct', 'evSessionsActive',
    ]);
    expect(schemas['trottoir.fleet.v1.SegmentKind'].enum).toContain('SEGMENT_KIND_CAR_PARK');
    expect(schemas['trottoir.telemetry.v1.DeadLetter']).toBeDefined();
  });

  it('has a send operation per producer and a receive operation per consumer', () => {
    const operations = (buildAsyncApi() as Doc).operations;
    const expected = allTopics.reduce((count, topic) => count + topic.producers.length + topic.consumers.length, 0);
    expect(Object.keys(operations)).toHaveLength(expected);
    expect(operations['ingestion.receive.telemetryRaw']).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/telemetryRaw' } });
    expect(operations['simulator.send.telemetryRaw']).toMatchObject({ action: 'send' });
  });
});

describe('toYaml', () => {
  it('writes nested maps and lists with quoted strings', () => {
    expect(toYaml({ a: 1, 'b c': ['x', { d: true, e: null }], f: {}, g: [], $ref: 'no: comment #' })).toBe(
      ['a: 1', '"b c":', '  - "x"', '  - d: true', '    e: null', 'f: {}', 'g: []', '$ref: "no: comment #"', ''].join('\n'),
    );
  });

  it('writes a non-finite number as null, as JSON does', () => {
    expect(toYaml({ n: Number.NaN })).toBe('n: null\n');
  });
});
