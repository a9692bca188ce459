/**
 * The simulator service on the in-process bus (same semantics as Kafka, and no other suite's topics to
 * disturb): it registers its city, publishes a reading per segment per step, obeys a published PV
 * setpoint, exposes its metrics, and stops stepping when closed.
 */
import { Writable } from 'node:stream';

import { create } from '@bufbuild/protobuf';
import { allTopics, SegmentSetpointSchema, SetpointAckStatus, topics } from '@trottoir/contracts';
import type { Segment, SegmentTelemetry } from '@trottoir/contracts';
import { systemClock } from '@trottoir/kernel';
import { decodeEvent, InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { startHttpService } from '@trottoir/service-runtime';
import { bearer, testAccessSettings, TopicRecorder } from '@trottoir/testing';
import type { RunningService } from '@trottoir/service-runtime';

import { simulatorService } from './index';

const START = '2026-06-21T09:00:00Z';
const INTERVAL_MS = 60_000;
const env = { TROTTOIR_SIM_SEGMENTS: '20', TROTTOIR_SIM_SEED: '3', TROTTOIR_SIM_SPEED: '600', TROTTOIR_SIM_INTERVAL_S: '60', TROTTOIR_SIM_START: START };
const silentLogs = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('simulator service', () => {
  const saved: Record<string, string | undefined> = {};
  const readings: SegmentTelemetry[] = [];
  const segments: Segment[] = [];
  let bus: InProcessMessageBus;
  let acks: TopicRecorder;
  let service: RunningService;
  let closed = false;

  beforeAll(async () => {
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
    acks = await TopicRecorder.start(bus, [topics.dispatchAck]);
    await bus.subscribe(topics.telemetryRaw, { groupId: 'test-reader' }, async (batch) => {
      readings.push(...batch.messages.map((message) => decodeEvent(batch.topic, message)));
    });
    await bus.subscribe(topics.fleetSegment, { groupId: 'test-registry' }, async (batch) => {
      segments.push(...batch.messages.map((message) => decodeEvent(batch.topic, message)));
    });
    service = await startHttpService(
      simulatorService,
      { name: 'simulator', bus, clock: systemClock, logger: createLogger({ service: 'simulator', destination: silentLogs }), metrics: createMetricsRegistry('simulator', { processMetrics: false }), access: testAccessSettings() },
      { host: '127.0.0.1', port: 0 },
    );
  });

  afterAll(async () => {
    if (service && !closed) await service.close();
    await bus?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const metrics = async () => (await fetch(`${service.url}/metrics`)).text();

  it('registers its city and publishes one reading per segment per interval of simulated time', async () => {
    await vi.waitFor(() => expect(readings.length).toBeGreaterThanOrEqual(20 * 5), { timeout: 30_000, interval: 50 });
    expect(new Set(segments.map((segment) => segment.segmentId)).size).toBe(20);
    // Readings are stamped at the end of their interval: the first one an interval after the start.
    const firstStep = readings.filter((reading) => reading.ts === Date.parse(START) + INTERVAL_MS);
    expect(new Set(firstStep.map((reading) => reading.segmentId))).toEqual(new Set(segments.map((segment) => segment.segmentId)));
    expect(new Set(readings.map((reading) => reading.ts - Date.parse(START)).map((offset) => offset % INTERVAL_MS))).toEqual(new Set([0]));
    const text = await metrics();
    expect(text).toContain('trottoir_sim_segments{service="simulator"} 20');
    expect(text).toMatch(/trottoir_sim_readings_published_total\{service="simulator"\} [1-9]\d*/);
    expect(text).toContain('trottoir_sim_step_duration_seconds_count');
  });

  it('obeys a PV setpoint published on dispatch.setpoint.v1', async () => {
    const latest = new Map<string, SegmentTelemetry>();
    for (const reading of readings) latest.set(reading.segmentId, reading);
    const [target] = [...latest.values()].sort((a, b) => b.pvPowerW - a.pvPowerW);
    expect(target.pvPowerW).toBeGreaterThan(200);
    const limitW = 100;
    await bus.publish(
      topics.dispatchSetpoint,
      [create(SegmentSetpointSchema, { segmentId: target.segmentId, ts: Date.parse(START), validUntil: Date.parse(START) + 86_400_000, pvLimitW: limitW, setpointId: 'sp-test-1' })],
      { source: 'trottoir/dispatch' },
    );
    await vi.waitFor(async () => expect(await metrics()).toContain('trottoir_sim_setpoints_total{outcome="applied",service="simulator"} 1'), { timeout: 10_000, interval: 50 });
    const appliedBy = Math.max(...readings.map((reading) => reading.ts)) + INTERVAL_MS;
    const after = () => readings.filter((reading) => reading.ts > appliedBy);
    await vi.waitFor(() => expect(new Set(after().map((reading) => reading.ts)).size).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 50 });
    const targetAfter = after().filter((reading) => reading.segmentId === target.segmentId);
    expect(targetAfter.length).toBeGreaterThanOrEqual(3);
    for (const reading of targetAfter) expect(reading.pvPowerW).toBeLessThanOrEqual(limitW);
    expect(after().some((reading) => reading.segmentId !== target.segmentId && reading.pvPowerW > limitW)).toBe(true);
    const [ack] = await acks.waitFor(topics.dispatchAck, 1);
    expect(decodeEvent(topics.dispatchAck, ack)).toMatchObject({ setpointId: 'sp-test-1', segmentId: target.segmentId, status: SetpointAckStatus.APPLIED, reason: '' });
  });

  it('answers a setpoint it cannot take with the reason, and plays dead for the segments it is told to', async () => {
    const [first, second] = segments;
    const put = await fetch(`${service.url}/v1/simulator/unresponsive-segments`, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer({ roles: ['admin'] }) }, body: JSON.stringify({ segmentIds: [second.segmentId] }) });
    expect(await put.json()).toEqual({ segmentIds: [second.segmentId] });
    const bad = await fetch(`${service.url}/v1/simulator/unresponsive-segments`, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer({ roles: ['admin'] }) }, body: '{"segmentIds":"all"}' });
    expect(bad.status).toBe(400);
    // Only an admin injects faults; an ops viewer may look.
    expect((await fetch(`${service.url}/v1/simulator/unresponsive-segments`, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer({ roles: ['ops-viewer'] }) }, body: '{"segmentIds":[]}' })).status).toBe(403);
    expect(await (await fetch(`${service.url}/v1/simulator/unresponsive-segments`, { headers: bearer({ roles: ['ops-viewer'] }) })).json()).toEqual({ segmentIds: [second.segmentId] });
    const setpoint = (segmentId: string, setpointId: string, validUntil: number) => create(SegmentSetpointSchema, { segmentId, ts: Date.parse(START), validUntil, pvLimitW: 0, setpointId });
    await bus.publish(topics.dispatchSetpoint, [setpoint(first.segmentId, 'sp-expired', Date.parse(START) + 1), setpoint(second.segmentId, 'sp-ignored', Date.parse(START) + 86_400_000)], { source: 'trottoir/dispatch' });
    await vi.waitFor(async () => expect(await metrics()).toContain('trottoir_sim_setpoints_total{outcome="ignored-unresponsive",service="simulator"} 1'), { timeout: 10_000, interval: 50 });
    const answers = (await acks.waitFor(topics.dispatchAck, 2)).map((message) => decodeEvent(topics.dispatchAck, message));
    expect(answers.find((answer) => answer.setpointId === 'sp-expired')).toMatchObject({ status: SetpointAckStatus.REJECTED, reason: 'expired' });
    expect(answers.some((answer) => answer.setpointId === 'sp-ignored')).toBe(false);
  });

  it('stops stepping once closed', async () => {
    await service.close();
    closed = true;
    const count = readings.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(readings.length).toBe(count);
  });
});
