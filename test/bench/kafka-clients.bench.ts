/**
 * Kafka client benchmark: kafkajs vs @platformatic/kafka vs our adapter, on one broker, same workload
 * (N keyed messages of ~200 bytes, batched sends, then one consumer group reading them all).
 * Run: KAFKA_BROKERS=127.0.0.1:9092 npm run bench:kafka [-- --help]. Figures go to docs/adr/0001-kafka-client.md.
 */
import { randomBytes } from 'node:crypto';

import { KafkaMessageBus } from '@trottoir/messaging';

import { benchTopic } from './kafka/bench-topic';

import { adapterClient } from './kafka/adapter.bench-client';
import type { BenchClient } from './kafka/bench-client';
import { withTimeout, workload } from './kafka/bench-client';
import type { BenchOptions } from './kafka/bench-options';
import { HELP, parseBenchOptions } from './kafka/bench-options';
import { kafkajsClient } from './kafka/kafkajs.bench-client';
import { platformaticClient } from './kafka/platformatic.bench-client';

interface BenchResult {
  client: string;
  produceMs: number;
  consumeMs: number;
  /** Subscribe call → first message delivered (group join + first fetch). */
  joinMs: number;
  produceMsgsPerSec: number;
  consumeMsgsPerSec: number;
}

const factories: Record<string, (brokers: string[]) => BenchClient> = {
  kafkajs: kafkajsClient,
  platformatic: platformaticClient,
  adapter: adapterClient,
};

async function runOne(key: string, options: BenchOptions): Promise<BenchResult> {
  const suffix = randomBytes(4).toString('hex');
  const topic = `bench.${key}.${suffix}`;
  const admin = new KafkaMessageBus({ brokers: options.brokers, clientId: 'bench-admin' });
  await admin.ensureTopics([benchTopic(topic, options.partitions)]);
  await admin.close();
  const messages = workload(options.messages, options.keys, options.valueBytes);
  const client = factories[key](options.brokers);
  try {
    const produceStart = performance.now();
    await withTimeout(client.produce(topic, messages, options.batchSize), options.phaseTimeoutMs, `${key} produce`);
    const produceMs = performance.now() - produceStart;
    const consumeStart = Date.now();
    const { firstMessageAtMs } = await withTimeout(
      client.consume(topic, `bench-${key}-${suffix}`, options.messages),
      options.phaseTimeoutMs,
      `${key} consume`,
    );
    // From the subscribe call to the last message: clients prefetch differently before their first
    // callback, so "first to last message" would flatter the ones that buffer most.
    const consumeMs = Date.now() - consumeStart;
    return {
      client: client.name,
      produceMs: Math.round(produceMs),
      consumeMs,
      joinMs: firstMessageAtMs - consumeStart,
      produceMsgsPerSec: Math.round(options.messages / (produceMs / 1000)),
      consumeMsgsPerSec: Math.round(options.messages / (Math.max(consumeMs, 1) / 1000)),
    };
  } finally {
    await client.close();
  }
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.client,
    r.produceMsgsPerSec.toLocaleString('en'),
    r.consumeMsgsPerSec.toLocaleString('en'),
    `${r.produceMs}`,
    `${r.consumeMs}`,
    `${r.joinMs}`,
  ]);
  const header = ['client', 'produce msgs/s', 'consume msgs/s', 'produce ms', 'consume ms', 'first msg after ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  console.log(
    `Kafka clients: ${options.messages} messages × ${options.valueBytes} B, ${options.keys} keys, ` +
      `${options.partitions} partitions, ${options.batchSize} per send, brokers ${options.brokers.join(',')}, Node ${process.version}`,
  );
  const results: BenchResult[] = [];
  for (const key of options.clients) {
    const result = await runOne(key, options);
    results.push(result);
    console.log(
      JSON.stringify({
        bench: 'kafka-clients',
        ...result,
        messages: options.messages,
        valueBytes: options.valueBytes,
        partitions: options.partitions,
        batchSize: options.batchSize,
      }),
    );
  }
  printTable(results);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
