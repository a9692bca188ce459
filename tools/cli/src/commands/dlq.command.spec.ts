import { Command } from 'commander';

import { DEAD_LETTER_HEADERS, topics } from '@trottoir/contracts';
import type { ReceivedMessage } from '@trottoir/messaging';
import { deadLetterHeaders, InProcessMessageBus } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';

import { previewBytes, registerDlqCommand } from './dlq.command';

const RAW = topics.telemetryRaw.name;

function original(key: string, value: string): ReceivedMessage {
  return { topic: RAW, partition: 0, offset: 7n, key, value: new TextEncoder().encode(value), headers: { 'content-type': 'application/json', 'ce_id': key }, timestampMs: 0 };
}

async function setup() {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics([topics.telemetryRaw, topics.telemetryDlq]);
  const failedAt = Date.UTC(2026, 5, 21, 12);
  await bus.publishRecords(topics.telemetryDlq, [
    { key: 'seg-1', value: original('seg-1', '{"segmentId":"seg-1","pvPowerW":9000}').value, headers: deadLetterHeaders(original('seg-1', ''), { code: 'PV_ABOVE_RATING', detail: 'pvPowerW 9000 > 1.2 × 5000 W peak' }, 'ingestion', failedAt) },
    { key: 'seg-2', value: new Uint8Array([0xff, 0x00]), headers: deadLetterHeaders(original('seg-2', ''), { code: 'DECODE_FAILED', detail: 'premature EOF' }, 'ingestion', failedAt) },
    { key: 'seg-3', value: new Uint8Array([1]), headers: deadLetterHeaders({ ...original('seg-3', ''), topic: 'retired.topic.v0' }, { code: 'DECODE_FAILED', detail: 'old' }, 'ingestion', failedAt) },
  ]);
  const lines: string[] = [];
  const program = new Command('trottoir').exitOverride();
  // The bus is shared with the spec, so the command's close() must not end it.
  registerDlqCommand(program, { createBus: () => Object.assign(Object.create(bus) as InProcessMessageBus, { close: async () => undefined }), out: (line) => lines.push(line), env: { KAFKA_BROKERS: 'in-process:0' } });
  const run = (...args: string[]) => program.parseAsync(['node', 'trottoir', 'dlq', ...args, '--idle-ms', '200']);
  return { bus, lines, run };
}

describe('trottoir dlq', () => {
  it('inspect --json prints each dead letter with its reason, original topic, key, time and preview', async () => {
    const { lines, run } = await setup();
    await run('inspect', '--json');
    // Keys pick the DLQ's partitions: the entries in key order.
    const entries = lines.map((line) => JSON.parse(line) as Record<string, string>).sort((a, b) => a.key.localeCompare(b.key));
    expect(entries).toMatchObject([
      { reason: 'PV_ABOVE_RATING', originalTopic: RAW, key: 'seg-1', failedAt: '2026-06-21T12:00:00.000Z', preview: JSON.stringify('{"segmentId":"seg-1","pvPowerW":9000}') },
      { reason: 'DECODE_FAILED', key: 'seg-2', preview: '0xff00' },
      { reason: 'DECODE_FAILED', key: 'seg-3', originalTopic: 'retired.topic.v0' },
    ]);
  });

  it('inspect --reason filters, and --limit stops early', async () => {
    const { lines, run } = await setup();
    await run('inspect', '--reason', 'PV_ABOVE_RATING');
    expect(lines.at(-1)).toBe('1 dead letter(s)');
    expect(lines[0]).toContain('PV_ABOVE_RATING');
    lines.length = 0;
    await run('inspect', '--limit', '1');
    expect(lines.at(-1)).toBe('1 dead letter(s)');
  });

  it('replay re-publishes the original bytes and headers without dlq-* to the original topic; --dry-run publishes nothing', async () => {
    const { bus, lines, run } = await setup();
    const recorder = await TopicRecorder.start(bus, [topics.telemetryRaw]);
    await run('replay', '--reason', 'PV_ABOVE_RATING', '--dry-run');
    expect(lines.at(-1)).toBe('1 dead letter(s) would be replayed');
    await run('replay', '--reason', 'PV_ABOVE_RATING');
    expect(lines.at(-1)).toBe('replayed 1 dead letter(s)');
    const replayed = await recorder.waitFor(topics.telemetryRaw, 1);
    expect(replayed[0].key).toBe('seg-1');
    expect(new TextDecoder().decode(replayed[0].value)).toBe('{"segmentId":"seg-1","pvPowerW":9000}');
    expect(replayed[0].headers).toEqual({ 'content-type': 'application/json', 'ce_id': 'seg-1' });
    expect(Object.keys(replayed[0].headers).some((name) => Object.values(DEAD_LETTER_HEADERS).includes(name as never))).toBe(false);
  });

  it('replays nothing to a topic the platform does not have, and says so', async () => {
    const { lines, run } = await setup();
    await run('replay', '--reason', 'DECODE_FAILED');
    expect(lines).toContain('skipped key="seg-3": its original topic "retired.topic.v0" is not a topic of this platform');
    expect(lines.at(-1)).toBe('replayed 1 dead letter(s)');
  });

  it('refuses a --topic that is not a dead-letter topic', async () => {
    const { run } = await setup();
    await expect(run('inspect', '--topic', 'telemetry.raw.v1')).rejects.toThrow(/not a dead-letter topic; one of telemetry\.dlq\.v1, flex\.dlq\.v1, weather\.dlq\.v1/);
  });

  it('previews printable text as a string and anything else as hex, cut at the limit', () => {
    expect(previewBytes(new TextEncoder().encode('abc'))).toBe('"abc"');
    expect(previewBytes(new Uint8Array([1, 2, 3]))).toBe('0x010203');
    expect(previewBytes(new TextEncoder().encode('abcdef'), 3)).toBe('"abc"…');
  });
});
