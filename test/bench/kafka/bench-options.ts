/** Command-line options of the Kafka client benchmark, with defaults and `--help`. */
export interface BenchOptions {
  brokers: string[];
  messages: number;
  partitions: number;
  valueBytes: number;
  keys: number;
  batchSize: number;
  clients: string[];
  phaseTimeoutMs: number;
}

export const ALL_CLIENTS = ['kafkajs', 'platformatic', 'adapter'];

export const HELP = `usage: npm run bench:kafka -- [options]   (needs KAFKA_BROKERS=host:port[,host:port])

Produces N keyed messages to a fresh topic, then consumes them all in a new consumer group, for each
client: kafkajs 2.2.4 and @platformatic/kafka 1.35.0 (raw clients) and the @trottoir/messaging Kafka
adapter. Prints a table and one JSON line per client.

  --messages <n>        messages per client (default 200000)
  --partitions <n>      partitions of each bench topic (default 6)
  --value-bytes <n>     value size in bytes (default 200)
  --keys <n>            distinct keys (segments) (default 1000)
  --batch <n>           messages per send call (default 1000)
  --clients <list>      comma-separated subset of ${ALL_CLIENTS.join(',')} (default: all)
  --phase-timeout <ms>  give up a produce or consume phase after this long (default 120000)
  --help                this text`;

function intOption(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

export function parseBenchOptions(args: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').filter((b) => b.trim() !== '');
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set (e.g. KAFKA_BROKERS=127.0.0.1:9092)');
  const clientsIndex = args.indexOf('--clients');
  const clients = clientsIndex < 0 ? ALL_CLIENTS : (args[clientsIndex + 1] ?? '').split(',');
  const unknown = clients.filter((c) => !ALL_CLIENTS.includes(c));
  if (unknown.length > 0) throw new Error(`unknown client(s): ${unknown.join(', ')}`);
  return {
    brokers,
    messages: intOption(args, '--messages', 200_000),
    partitions: intOption(args, '--partitions', 6),
    valueBytes: intOption(args, '--value-bytes', 200),
    keys: intOption(args, '--keys', 1_000),
    batchSize: intOption(args, '--batch', 1_000),
    clients,
    phaseTimeoutMs: intOption(args, '--phase-timeout', 120_000),
  };
}
