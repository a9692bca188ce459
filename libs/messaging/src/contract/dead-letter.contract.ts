/** Contract tests of the dead-letter helper on a real adapter: the DLQ copy is byte-identical and says why. */
import { DEAD_LETTER_HEADERS } from '@trottoir/contracts';

import { deadLetter } from '../dead-letter';
import type { MessageBus } from '../message-bus.port';
import { collect, uniqueName } from './contract-helpers';

export function describeDeadLetterContract(
  getBus: () => MessageBus,
  wait: (condition: () => boolean, what: string) => Promise<void>,
): void {
  it('dead-letters a message unchanged, with the reason and its origin in headers', async () => {
    const bus = getBus();
    const source = uniqueName('src');
    const dlq = uniqueName('dlq');
    await bus.ensureTopics([
      { name: source, partitions: 2 },
      { name: dlq, partitions: 1 },
    ]);
    const value = Uint8Array.from([0, 1, 2, 250, 255, 10]);
    await bus.publish(source, [{ key: 'seg-42', value, headers: { 'content-type': 'application/x-protobuf' } }]);
    const input = await collect(bus, { groupId: uniqueName('g'), topics: [source] });
    await wait(() => input.received.length === 1, 'the source message');
    const original = input.received[0];
    await deadLetter(bus, dlq, original, { code: 'DECODE_FAILED', detail: 'truncated message' }, 'ingestion', () =>
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );
    const out = await collect(bus, { groupId: uniqueName('g'), topics: [dlq] });
    await wait(() => out.received.length === 1, 'the dead letter');
    const letter = out.received[0];
    expect(Buffer.from(letter.value).equals(Buffer.from(value))).toBe(true);
    expect(letter.key).toBe('seg-42');
    expect(letter.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      [DEAD_LETTER_HEADERS.reason]: 'DECODE_FAILED',
      [DEAD_LETTER_HEADERS.detail]: 'truncated message',
      [DEAD_LETTER_HEADERS.originalTopic]: source,
      [DEAD_LETTER_HEADERS.originalPartition]: String(original.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: original.offset.toString(),
      [DEAD_LETTER_HEADERS.source]: 'ingestion',
      [DEAD_LETTER_HEADERS.failedAt]: '2026-01-02T03:04:05.000Z',
    });
    await Promise.all([input.consumer.close(), out.consumer.close()]);
  });
}
