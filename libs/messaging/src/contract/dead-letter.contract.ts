/** Contract tests of the dead-letter publisher on a real adapter: the DLQ copy is byte-identical and says why. */
import { DEAD_LETTER_HEADERS } from '@trottoir/contracts';
import { ManualClock } from '@trottoir/kernel';

import { DeadLetterPublisher } from '../dead-letter';
import type { MessageBus } from '../message-bus.port';
import { collect, testTopic, uniqueName } from './contract-helpers';

export function describeDeadLetterContract(
  getBus: () => MessageBus,
  wait: (condition: () => boolean, what: string) => Promise<void>,
): void {
  it('refuses a topic that does not carry original bytes', () => {
    expect(() => new DeadLetterPublisher(getBus(), testTopic(uniqueName('not-a-dlq'), 1), 'ingestion')).toThrow(/not a dead-letter topic/);
  });

  it('dead-letters a message unchanged, with the reason and its origin in headers', async () => {
    const bus = getBus();
    const source = testTopic(uniqueName('src'), 2);
    const dlq = testTopic(uniqueName('dlq'), 1, 'original-bytes');
    await bus.ensureTopics([source, dlq]);
    const value = Uint8Array.from([0, 1, 2, 250, 255, 10]);
    await bus.publishRecords(source, [{ key: 'seg-42', value, headers: { 'content-type': 'application/x-protobuf' } }]);
    const input = await collect(bus, source, { groupId: uniqueName('g') });
    await wait(() => input.received.length === 1, 'the source message');
    const original = input.received[0];
    const deadLetters = new DeadLetterPublisher(bus, dlq, 'ingestion', new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5)));
    await deadLetters.publish([{ message: original, reason: { code: 'DECODE_FAILED', detail: 'truncated message' } }]);
    const out = await collect(bus, dlq, { groupId: uniqueName('g') });
    await wait(() => out.received.length === 1, 'the dead letter');
    const letter = out.received[0];
    expect(Buffer.from(letter.value).equals(Buffer.from(value))).toBe(true);
    expect(letter.key).toBe('seg-42');
    expect(letter.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      [DEAD_LETTER_HEADERS.reason]: 'DECODE_FAILED',
      [DEAD_LETTER_HEADERS.detail]: 'truncated message',
      [DEAD_LETTER_HEADERS.originalTopic]: source.name,
      [DEAD_LETTER_HEADERS.originalPartition]: String(original.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: original.offset.toString(),
      [DEAD_LETTER_HEADERS.source]: 'ingestion',
      [DEAD_LETTER_HEADERS.failedAt]: '2026-01-02T03:04:05.000Z',
    });
    await Promise.all([input.consumer.close(), out.consumer.close()]);
  });
}
