// `trottoir dlq inspect|replay`: look at telemetry.dlq.v1 and re-inject its messages after a fix.
// Both read the topic from the beginning in a fresh consumer group (nothing is consumed away: Kafka
// keeps dead letters for the topic's retention) and stop once the topic is drained: no message for
// `--idle-ms` after the group got its partitions. Replay publishes the original key, bytes and
// headers (the dlq-* ones removed) to the original topic; storage is idempotent, so replaying a
// message twice stores it once, and one that is still bad comes back to the DLQ with its reason.
import { randomUUID } from 'node:crypto';

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

import type { DeadLetter, TopicDefinition } from '@trottoir/contracts';
import { allTopics, DEAD_LETTER_HEADERS, readDeadLetter, topicByName, topics } from '@trottoir/contracts';
import type { MessageBus, ReceivedMessage } from '@trottoir/messaging';
import { createMessageBus } from '@trottoir/messaging';

export interface DlqCommandDeps {
  /** The bus to read and replay with; default: Kafka at `brokers`. */
  createBus?: (brokers: string[]) => MessageBus;
  out?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

interface ReadOptions {
  brokers?: string;
  topic: TopicDefinition;
  reason?: string;
  limit?: number;
  idleMs: number;
}

export interface DeadLetterEntry {
  readonly received: ReceivedMessage;
  readonly deadLetter: DeadLetter;
  /** The dlq-reason-code header as written (codes newer than this CLI's contracts stay readable). */
  readonly reason: string;
}

const deadLetterTopics = allTopics.filter((topic) => topic.valueFormat === 'original-bytes');

/** `--topic`: a dead-letter topic of the registry, by name. */
function deadLetterTopic(name: string): TopicDefinition {
  const topic = topicByName(name);
  if (topic?.valueFormat !== 'original-bytes') {
    throw new InvalidArgumentError(`not a dead-letter topic; one of ${deadLetterTopics.map((t) => t.name).join(', ')}`);
  }
  return topic;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** At most `max` bytes: UTF-8 text when it is printable, else hex. */
export function previewBytes(bytes: Uint8Array, max = 80): string {
  const head = bytes.subarray(0, max);
  const more = bytes.length > max ? '…' : '';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head);
    if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return JSON.stringify(text) + more;
  } catch {
    // Not UTF-8: shown as hex below.
  }
  return `0x${Buffer.from(head).toString('hex')}${more}`;
}

export function describeEntry(entry: DeadLetterEntry): Record<string, unknown> {
  const { deadLetter } = entry;
  return {
    reason: entry.reason,
    detail: deadLetter.reasonDetail,
    originalTopic: deadLetter.originalTopic,
    key: deadLetter.originalKey,
    failedAt: new Date(deadLetter.failedAt).toISOString(),
    source: deadLetter.source,
    bytes: deadLetter.originalValue.length,
    preview: previewBytes(deadLetter.originalValue),
    dlqPartition: entry.received.partition,
    dlqOffset: entry.received.offset.toString(),
  };
}

export function formatEntry(entry: DeadLetterEntry): string {
  const d = describeEntry(entry);
  return `${d.failedAt}  ${d.reason}  ${d.originalTopic}  key=${JSON.stringify(d.key)}  ${d.bytes} B  ${d.preview}\n    ${d.detail}`;
}

/** Reads the DLQ from the beginning in a fresh group until it is drained (or `limit` entries matched). */
export async function readDeadLetters(bus: MessageBus, options: ReadOptions): Promise<DeadLetterEntry[]> {
  const entries: DeadLetterEntry[] = [];
  let lastActivity = Date.now();
  let done = false;
  const groupId = `trottoir-dlq-cli-${randomUUID()}`;
  const consumer = await bus.subscribe(options.topic, { groupId, fromBeginning: true }, async (batch) => {
    lastActivity = Date.now();
    for (const received of batch.messages) {
      if (done) return;
      const reason = received.headers[DEAD_LETTER_HEADERS.reason] ?? '';
      if (options.reason !== undefined && reason !== options.reason) continue;
      entries.push({ received, deadLetter: readDeadLetter(received), reason });
      if (options.limit !== undefined && entries.length >= options.limit) done = true;
    }
  });
  try {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, options.idleMs)));
      // The idle clock starts once the group has handed us the partitions.
      if (consumer.assignment().length === 0) lastActivity = Date.now();
      else if (Date.now() - lastActivity >= options.idleMs) done = true;
    }
  } finally {
    await consumer.close();
    // A group of one reading: it would otherwise stay in the broker until its offsets expire.
    await bus.deleteGroups([groupId]);
  }
  return entries;
}

export interface ReplayResult {
  replayed: number;
  /** Entries whose original topic is not a topic of the registry (none, or one this CLI does not know): left in the DLQ. */
  skipped: { originalTopic: string; key: string }[];
}

/** Re-publishes each entry's original message to its original topic, in DLQ order. */
export async function replayDeadLetters(bus: MessageBus, entries: readonly DeadLetterEntry[]): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: 0, skipped: [] };
  for (const { deadLetter } of entries) {
    const original = topicByName(deadLetter.originalTopic);
    if (!original) {
      result.skipped.push({ originalTopic: deadLetter.originalTopic, key: deadLetter.originalKey });
      continue;
    }
    result.replayed += 1;
    await bus.publishRecords(original, [{ key: deadLetter.originalKey, value: deadLetter.originalValue, headers: { ...deadLetter.originalHeaders } }]);
  }
  return result;
}

function withReadOptions(command: Command): Command {
  return command
    .option('--brokers <list>', 'Kafka bootstrap brokers host:port[,…] (default: $KAFKA_BROKERS)')
    .option('--topic <name>', `dead-letter topic: ${deadLetterTopics.map((t) => t.name).join(' or ')}`, deadLetterTopic, topics.telemetryDlq)
    .option('--reason <CODE>', 'only dead letters with this reason code, e.g. PV_ABOVE_RATING')
    .option('--limit <N>', 'stop after N matching dead letters', positiveInteger)
    .option('--idle-ms <ms>', 'the topic counts as drained after this long without a message', positiveInteger, 3_000);
}

export function registerDlqCommand(program: Command, deps: DlqCommandDeps = {}): Command {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const openBus = (options: ReadOptions): MessageBus => {
    const brokers = (options.brokers ?? (deps.env ?? process.env).KAFKA_BROKERS ?? '').split(',').filter((b) => b.trim() !== '');
    if (brokers.length === 0) throw new Error('no Kafka brokers: pass --brokers or set KAFKA_BROKERS');
    return (deps.createBus ?? ((list) => createMessageBus({ brokers: list, clientId: 'trottoir-dlq' })))(brokers);
  };
  const withBus = async (options: ReadOptions, work: (bus: MessageBus) => Promise<void>): Promise<void> => {
    const bus = openBus(options);
    try {
      await work(bus);
    } finally {
      await bus.close();
    }
  };

  const dlq = program.command('dlq').description('inspect and replay dead-lettered messages (telemetry.dlq.v1)');
  withReadOptions(dlq.command('inspect'))
    .description('print dead letters: reason, original topic, key, time and a preview of the bytes')
    .option('--json', 'one JSON object per dead letter')
    .action((options: ReadOptions & { json?: boolean }) =>
      withBus(options, async (bus) => {
        const entries = await readDeadLetters(bus, options);
        for (const entry of entries) out(options.json ? JSON.stringify(describeEntry(entry)) : formatEntry(entry));
        if (!options.json) out(`${entries.length} dead letter(s)`);
      }),
    );
  withReadOptions(dlq.command('replay'))
    .description('re-publish dead letters to their original topic with their original key, bytes and headers')
    .option('--dry-run', 'list what would be replayed, publish nothing')
    .action((options: ReadOptions & { dryRun?: boolean }) =>
      withBus(options, async (bus) => {
        const entries = await readDeadLetters(bus, options);
        if (options.dryRun) {
          for (const entry of entries) out(`would replay: ${formatEntry(entry)}`);
          out(`${entries.length} dead letter(s) would be replayed`);
          return;
        }
        const result = await replayDeadLetters(bus, entries);
        for (const skipped of result.skipped) out(`skipped key=${JSON.stringify(skipped.key)}: its original topic ${JSON.stringify(skipped.originalTopic)} is not a topic of this platform`);
        out(`replayed ${result.replayed} dead letter(s)`);
      }),
    );
  return dlq;
}
