/**
 * What the soak lost: every reading Kafka acknowledged on telemetry.raw.v1 (read back from the start by a
 * group of its own) against the rows PostgreSQL stored, by (segment, ts). A reading in the topic twice (a
 * producer retry) is one reading; a row the simulator never got acknowledged is not the pipeline's loss.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { fromBinary } from '@bufbuild/protobuf';
import { SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { KafkaMessageBus } from '@trottoir/messaging';
import { createPgPool } from '@trottoir/persistence';

export interface SoakAudit {
  /** Distinct readings in the topic, and messages (duplicates included). */
  acknowledged: number;
  messages: number;
  stored: number;
  /** Acknowledged and not stored. */
  lost: number;
  /** A few of the lost ones, for a look. */
  lostSample: string[];
}

async function topicReadings(brokers: string, expected: number): Promise<{ keys: Set<string>; messages: number }> {
  const bus = new KafkaMessageBus({ brokers: brokers.split(','), clientId: 'soak-audit' });
  const keys = new Set<string>();
  let messages = 0;
  let lastGrowthMs = performance.now();
  try {
    await bus.subscribe(topics.telemetryRaw, { groupId: `soak-audit-${randomUUID()}`, fromBeginning: true }, async (batch) => {
      for (const message of batch.messages) {
        const reading = fromBinary(SegmentTelemetrySchema, message.value as Uint8Array);
        keys.add(`${reading.segmentId}|${reading.ts}`);
      }
      messages += batch.messages.length;
      lastGrowthMs = performance.now();
    });
    // Until the topic's end is read: `expected` messages, or nothing new for 20 s.
    while (messages < expected && performance.now() - lastGrowthMs < 20_000) await sleep(200);
  } finally {
    await bus.close();
  }
  return { keys, messages };
}

export async function auditSoak(brokers: string, databaseUrl: string, messagesInTopic: number): Promise<SoakAudit> {
  const { keys, messages } = await topicReadings(brokers, messagesInTopic);
  const pool = createPgPool(databaseUrl, { max: 1 });
  const stored = new Set<string>();
  try {
    const { rows } = await pool.query<{ segment_id: string; ts: string }>('select segment_id, (extract(epoch from ts) * 1000)::bigint::text as ts from telemetry');
    for (const row of rows) stored.add(`${row.segment_id}|${Number(row.ts)}`);
  } finally {
    await pool.end();
  }
  const lost = [...keys].filter((key) => !stored.has(key));
  return { acknowledged: keys.size, messages, stored: stored.size, lost: lost.length, lostSample: lost.slice(0, 5) };
}
