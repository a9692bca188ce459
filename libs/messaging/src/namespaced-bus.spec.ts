import { create } from '@bufbuild/protobuf';
import { SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { InProcessMessageBus } from './in-process/in-process-bus';
import type { MessageBatch } from './message-bus.port';

import { NamespacedMessageBus } from './namespaced-bus';

describe('NamespacedMessageBus', () => {
  it('keeps two specs apart on one bus, and hands handlers the registry topic', async () => {
    const shared = new InProcessMessageBus();
    const [a, b] = [new NamespacedMessageBus(shared, 'spec-a'), new NamespacedMessageBus(shared, 'spec-b')];
    await a.ensureTopics([topics.telemetryRaw]);
    await b.ensureTopics([topics.telemetryRaw]);
    const seen: MessageBatch<typeof SegmentTelemetrySchema>[] = [];
    const consumer = await b.subscribe(topics.telemetryRaw, { groupId: 'g' }, async (batch) => void seen.push(batch));
    await a.publish(topics.telemetryRaw, [create(SegmentTelemetrySchema, { segmentId: 'seg-a', ts: 1 })], { source: 'spec' });
    await b.publish(topics.telemetryRaw, [create(SegmentTelemetrySchema, { segmentId: 'seg-b', ts: 1 })], { source: 'spec' });
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.flatMap((batch) => batch.messages.map((m) => m.key))).toEqual(['seg-b']);
    expect(seen[0].topic).toBe(topics.telemetryRaw);
    expect(seen[0].messages[0].topic).toBe('spec-b.telemetry.raw.v1');
    await consumer.close();
    await shared.close();
  });
});
