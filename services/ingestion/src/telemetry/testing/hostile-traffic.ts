/**
 * Builds the mixed traffic of the hostile-input proof: every kind of bad message the pipeline must
 * dead-letter (with the reason it must give), interleaved with valid readings and exact re-sends of
 * some of them. Valid readings are unique per (segment, ts); some are a few minutes old (late).
 */
import type { OutgoingMessage } from '@trottoir/messaging';

import { jsonBytes, protobufBytes, reading, segment } from './telemetry.fixtures';
import type { InMemorySegmentLookup } from './telemetry.fixtures';

const JSON_HEADERS = { 'content-type': 'application/json' };
const DAY_MS = 86_400_000;

interface HostileKind {
  readonly reason: string;
  build(segmentId: string, i: number, nowTs: number): OutgoingMessage;
}

const proto = (key: string, value: Uint8Array): OutgoingMessage => ({ key, value });

export const HOSTILE_KINDS: readonly HostileKind[] = [
  { reason: 'DECODE_FAILED', build: (id) => proto(id, new Uint8Array([0x0a, 0xff, 0xff])) },
  { reason: 'DECODE_FAILED', build: (id) => ({ key: id, value: new TextEncoder().encode(`{"segmentId":"${id}",`), headers: JSON_HEADERS }) },
  { reason: 'UNKNOWN_SEGMENT', build: (id, i, now) => proto(`${id}-ghost`, protobufBytes(reading(`${id}-ghost`, now - i))) },
  { reason: 'NOT_FINITE', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - i, { pvPowerW: Number.NaN }))) },
  { reason: 'NOT_FINITE', build: (id, i, now) => ({ key: id, value: jsonBytes(reading(id, now - i, { netPowerW: Number.POSITIVE_INFINITY })), headers: JSON_HEADERS }) },
  { reason: 'PV_NEGATIVE', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - i, { pvPowerW: -10 }))) },
  { reason: 'PV_ABOVE_RATING', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - i, { pvPowerW: 6_001 }))) },
  { reason: 'SOC_OUT_OF_RANGE', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - i, { batterySocPct: 140 }))) },
  { reason: 'TS_IN_FUTURE', build: (id, i, now) => proto(id, protobufBytes(reading(id, now + 3_600_000 + i))) },
  { reason: 'TS_BEFORE_COMMISSIONING', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - 2 * DAY_MS - i))) },
  { reason: 'TS_NOT_INTEGER', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - i - 0.5))) },
  { reason: 'TOO_LATE', build: (id, i, now) => proto(id, protobufBytes(reading(id, now - 8 * DAY_MS - i))) },
];

export interface HostileTraffic {
  readonly messages: OutgoingMessage[];
  readonly expectedDeadLetters: Map<string, number>;
  readonly validReadings: number;
}

/** Registers `segmentCount` segments (commissioned a day ago) in `registry` and builds the traffic. */
export function hostileTraffic(options: { prefix: string; registry: InMemorySegmentLookup; segmentCount: number; hostile: number; valid: number; resends: number; nowTs: number }): HostileTraffic {
  const { prefix, registry, nowTs } = options;
  const ids = Array.from({ length: options.segmentCount }, (_, i) => `${prefix}-s${i}`);
  for (const id of ids) registry.add(segment(id, { commissionedAt: nowTs - DAY_MS }));
  const expectedDeadLetters = new Map<string, number>();
  const bad: OutgoingMessage[] = [];
  for (let i = 0; i < options.hostile; i += 1) {
    const kind = HOSTILE_KINDS[i % HOSTILE_KINDS.length];
    bad.push(kind.build(ids[i % ids.length], i, nowTs));
    expectedDeadLetters.set(kind.reason, (expectedDeadLetters.get(kind.reason) ?? 0) + 1);
  }
  const good: OutgoingMessage[] = [];
  for (let i = 0; i < options.valid; i += 1) {
    const id = ids[i % ids.length];
    // Up to ~4 minutes old: the older ones are late, stored and marked for re-aggregation.
    const value = reading(id, nowTs - 10_000 - i * 50);
    good.push(i % 3 === 0 ? { key: id, value: jsonBytes(value), headers: JSON_HEADERS } : proto(id, protobufBytes(value)));
  }
  const resent = good.slice(0, options.resends);
  const messages: OutgoingMessage[] = [];
  const streams = [bad, good, resent];
  for (let i = 0; streams.some((s) => i < s.length); i += 1) for (const s of streams) if (i < s.length) messages.push(s[i]);
  return { messages, expectedDeadLetters, validReadings: options.valid };
}
