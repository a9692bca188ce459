/** What the benchmark needs from each Kafka client, and the shared workload and timing helpers. */
import { randomBytes } from 'node:crypto';

export interface BenchMessage {
  key: Buffer;
  value: Buffer;
}

export interface BenchClient {
  readonly name: string;
  /** Sends all messages, `batchSize` per send call, awaiting each. */
  produce(topic: string, messages: BenchMessage[], batchSize: number): Promise<void>;
  /** Consumes from the beginning in a new group until `count` messages arrived; resolves the time of the first. */
  consume(topic: string, groupId: string, count: number): Promise<{ firstMessageAtMs: number }>;
  close(): Promise<void>;
}

export function workload(messages: number, keys: number, valueBytes: number): BenchMessage[] {
  const value = randomBytes(valueBytes);
  return Array.from({ length: messages }, (_, i) => ({ key: Buffer.from(`segment-${i % keys}`), value }));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A promise resolved from outside, for "the N-th message arrived". */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
