/**
 * `trottoir simulate` end to end against the Mosquitto broker of this machine: a day of 50 segments
 * replayed as fast as possible, every reading received by a subscriber, and the physics visible in them.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { fromJsonValue, SegmentTelemetrySchema } from '@trottoir/contracts';
import type { SegmentTelemetry } from '@trottoir/contracts';
import mqtt from 'mqtt';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');
const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

function run(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('trottoir simulate --target mqtt', () => {
  it('replays a midsummer day of 50 segments: one reading per segment per minute, PV at midday, none at night', async () => {
    // QoS 0 on the subscriber side: Mosquitto's default queue for a QoS 1 subscriber (1,000 messages) is
    // shorter than a replay's burst; the publisher side uses QoS 1.
    const subscriber = await mqtt.connectAsync(MQTT_URL, { clean: true });
    const readings: SegmentTelemetry[] = [];
    subscriber.on('message', (_topic, payload) => readings.push(fromJsonValue(SegmentTelemetrySchema, JSON.parse(payload.toString()))));
    await subscriber.subscribeAsync('trottoir/telemetry/+', { qos: 0 });
    const expected = 50 * 24 * 60;
    try {
      const { status, stderr } = await run(['simulate', '--segments', '50', '--seed', '1', '--from', '2026-06-21T00:00:00Z', '--to', '2026-06-22T00:00:00Z', '--target', 'mqtt']);
      expect(stderr).toContain(`done: ${expected} readings`);
      expect(status).toBe(0);
      await vi.waitFor(() => expect(readings.length).toBeGreaterThanOrEqual(expected), { timeout: 30_000, interval: 200 });
    } finally {
      await subscriber.endAsync();
    }
    expect(readings).toHaveLength(expected);

    const bySegment = new Map<string, SegmentTelemetry[]>();
    for (const reading of readings) bySegment.set(reading.segmentId, [...(bySegment.get(reading.segmentId) ?? []), reading]);
    expect(bySegment.size).toBe(50);
    for (const series of bySegment.values()) expect(new Set(series.map((reading) => reading.ts)).size).toBe(24 * 60);

    const hourOf = (reading: SegmentTelemetry) => new Date(reading.ts).getUTCHours();
    const night = readings.filter((reading) => hourOf(reading) < 2 || hourOf(reading) >= 21);
    const midday = readings.filter((reading) => hourOf(reading) >= 10 && hourOf(reading) < 14);
    expect(night.every((reading) => reading.pvPowerW === 0)).toBe(true);
    expect(midday.reduce((sum, reading) => sum + reading.pvPowerW, 0)).toBeGreaterThan(0);
    expect(midday.every((reading) => reading.lightsPowerW === 0)).toBe(true);
    expect(night.some((reading) => reading.lightsPowerW > 0)).toBe(true);
    for (const reading of readings) expect(reading.netPowerW).toBeCloseTo(reading.lightsPowerW + reading.evPowerW + reading.batteryPowerW - reading.pvPowerW, 6);
  });
});
