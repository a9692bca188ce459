/**
 * The outbox in memory, for the embedded default's unit specs and the registry's in-memory store: the
 * same contract as PostgreSQL's (`contract/outbox-store.contract.ts`): one relay at a time, order kept,
 * a failed publish leaves its messages pending. `append` is what a store calls inside its own change.
 */
import type { OutboxMessage, OutboxStore, PendingOutboxMessage } from './outbox.port';

interface Entry extends PendingOutboxMessage {
  publishedAtMs?: number;
}

export class InMemoryOutboxStore implements OutboxStore {
  private entries: Entry[] = [];
  private nextId = 1;
  private held = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds messages as unpublished; copied, as a database would. */
  append(messages: readonly OutboxMessage[]): void {
    for (const message of messages) {
      this.entries.push({ ...message, value: Uint8Array.from(message.value), headers: { ...message.headers }, id: String(this.nextId++) });
    }
  }

  async relay(limit: number, publish: (messages: readonly PendingOutboxMessage[]) => Promise<void>): Promise<number> {
    if (this.held) return 0;
    this.held = true;
    try {
      const batch = this.entries.filter((entry) => entry.publishedAtMs === undefined).slice(0, limit);
      if (batch.length === 0) return 0;
      await publish(batch.map(({ publishedAtMs: _published, ...message }) => ({ ...message, value: Uint8Array.from(message.value), headers: { ...message.headers } })));
      const at = this.now();
      for (const entry of batch) entry.publishedAtMs = at;
      return batch.length;
    } finally {
      this.held = false;
    }
  }

  async pendingCount(): Promise<number> {
    return this.entries.filter((entry) => entry.publishedAtMs === undefined).length;
  }

  async prunePublished(beforeMs: number): Promise<number> {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.publishedAtMs === undefined || entry.publishedAtMs >= beforeMs);
    return before - this.entries.length;
  }
}
