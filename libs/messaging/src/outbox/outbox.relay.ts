/**
 * Moves the outbox onto the bus: at start, every `intervalMs`, and whenever a writer asks (`flush`)
 * right after its commit, so in the usual case an event is on the bus before the request that caused it
 * is answered. Whatever a crash, a broker outage or another replica holding the outbox leaves behind,
 * the next pass picks up.
 */
import type { TopicDefinition } from '@trottoir/contracts';
import { topicByName } from '@trottoir/contracts';

import type { MessageBus, OutgoingMessage } from '../message-bus.port';
import { MessagingError } from '../messaging.errors';
import type { OutboxStore, PendingOutboxMessage } from './outbox.port';

export interface OutboxRelayOptions {
  /** Messages handed to the bus per store call (default 500). */
  batchSize?: number;
  /** How a stored topic name becomes a topic definition: the registry by default (specs use topics of their own). */
  resolveTopic?: (name: string) => TopicDefinition | undefined;
  /** Told about a failed periodic pass (the messages stay in the outbox for the next one). */
  onError?: (error: unknown) => void;
}

export class OutboxRelay {
  private readonly batchSize: number;
  private readonly resolveTopic: (name: string) => TopicDefinition | undefined;
  private active?: Promise<number>;
  private queued?: Promise<number>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: OutboxStore,
    private readonly bus: Pick<MessageBus, 'publishRecords'>,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.resolveTopic = options.resolveTopic ?? topicByName;
  }

  /**
   * Publishes what is pending, returning how many this pass published. Calls made while a pass runs
   * share one further pass (which sees their commits), so a burst of writers costs two passes, not one each.
   */
  flush(): Promise<number> {
    if (this.queued) return this.queued;
    const previous = this.active ?? Promise.resolve(0);
    const next: Promise<number> = previous
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        this.active = next;
        return this.drain();
      })
      .finally(() => {
        if (this.active === next) this.active = undefined;
      });
    this.queued = next;
    return next;
  }

  /** Flushes now and then every `intervalMs` until `stop`. */
  start(intervalMs: number): void {
    if (this.timer) return;
    const pass = () => void this.flush().catch((error: unknown) => this.options.onError?.(error));
    pass();
    this.timer = setInterval(pass, intervalMs);
    this.timer.unref();
  }

  /** Stops the periodic passes and waits for the one under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([this.queued, this.active]);
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.store.relay(this.batchSize, (messages) => this.publish(messages));
      total += published;
      if (published < this.batchSize) return total;
    }
  }

  /** In outbox order: consecutive messages of one topic go in one call, so a key's events keep their order. */
  private async publish(messages: readonly PendingOutboxMessage[]): Promise<void> {
    let start = 0;
    while (start < messages.length) {
      let end = start + 1;
      while (end < messages.length && messages[end].topic === messages[start].topic) end++;
      const topic = this.resolveTopic(messages[start].topic);
      // A name the registry no longer knows blocks the outbox rather than dropping the event unseen.
      if (!topic) throw new MessagingError('UNKNOWN_TOPIC', `outbox message ${messages[start].id}: topic "${messages[start].topic}" is not in the topic registry`);
      const records: OutgoingMessage[] = messages.slice(start, end).map(({ key, value, headers, timestampMs }) => ({ key, value, headers, timestampMs }));
      await this.bus.publishRecords(topic, records);
      start = end;
    }
  }
}
