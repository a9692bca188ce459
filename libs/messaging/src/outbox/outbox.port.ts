/**
 * The transactional outbox: a change and the events that announce it are committed together in the
 * database, and a relay publishes the events afterwards. A process that dies between the commit and the
 * publish loses nothing: the next relay (this process restarted, or another replica) finds the events
 * still unpublished. Publishing stays at least once (a relay killed after the broker took a batch but
 * before it marked it publishes it again), which consumers absorb: the envelope's event id is fixed when
 * the event is added, not when it is sent.
 *
 * Adapters: PostgreSQL (`PgOutboxStore` in @trottoir/persistence, table `outbox`) and in memory
 * (`InMemoryOutboxStore`); one contract suite, `contract/outbox-store.contract.ts`, runs against both.
 */
import type { MessageHeaders } from '../message-bus.port';

/** An event ready for the broker: what `publishRecords` takes, plus the name of its registry topic. */
export interface OutboxMessage {
  topic: string;
  key: string;
  value: Uint8Array;
  headers: MessageHeaders;
  /** Event time, epoch ms UTC. */
  timestampMs: number;
}

export interface PendingOutboxMessage extends OutboxMessage {
  /** Position in the outbox; messages are handed over in this order. */
  id: string;
}

export interface OutboxStore {
  /**
   * Hands the oldest unpublished messages (at most `limit`, in the order they were added) to `publish`
   * and marks them published once it resolves; if it throws, they stay unpublished. One relay at a time
   * across every process sharing the store, so two replicas never reorder one key's events: a call
   * that finds the outbox held by another relay returns 0 without waiting.
   */
  relay(limit: number, publish: (messages: readonly PendingOutboxMessage[]) => Promise<void>): Promise<number>;
  /** How many messages wait to be published (for the metrics and the specs). */
  pendingCount(): Promise<number>;
  /** Deletes the messages published before `beforeMs` (epoch ms); unpublished ones are never pruned. */
  prunePublished(beforeMs: number): Promise<number>;
}
