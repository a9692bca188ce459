/**
 * A consumer-group member that comes back by itself. The client's stream gives up when its fetches keep
 * failing (a broker SIGKILLed: its partitions have no leader until the controller moves them, ~10 s),
 * and a member whose stream ended would never consume again while its service still looked healthy.
 * This member then leaves the group and joins again with a fresh client, after a backoff, for as long as
 * it is not closed; the new member reads from the committed offsets, so nothing is lost, and what was
 * handled but not yet committed is handed over again (consumers are idempotent).
 */
import type { Consumer, TopicPartitions } from '../message-bus.port';
import type { BackoffOptions } from '../retry-backoff';
import { backoffDelayMs, sleep } from '../retry-backoff';
import type { KafkaConsumer } from './kafka-consumer';

export class RestartingConsumer implements Consumer {
  private closing = false;
  private readonly watching: Promise<void>;
  /** Members started after the first one gave up. */
  restarts = 0;

  constructor(
    private current: KafkaConsumer,
    private readonly open: () => Promise<KafkaConsumer>,
    private readonly backoff: BackoffOptions,
    private readonly onError: (error: unknown, where: string) => void,
  ) {
    this.watching = this.watch();
  }

  assignment(): TopicPartitions[] {
    return this.current.assignment();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.current.close();
    await this.watching;
    await this.current.close();
  }

  private async watch(): Promise<void> {
    while (!this.closing) {
      const gaveUp = await this.current.stopped();
      if (!gaveUp || this.closing) return;
      // Leave the group at once, so the partitions are not held until the session times out.
      await this.current.close();
      for (let attempt = 0; !this.closing; attempt += 1) {
        await sleep(backoffDelayMs(attempt, this.backoff));
        if (this.closing) return;
        try {
          this.current = await this.open();
          this.restarts += 1;
          this.onError(new Error(`consumer stream ended: rejoined the group with a new client (restart ${this.restarts})`), 'consumer restart');
          break;
        } catch (error) {
          this.onError(error, 'consumer restart');
        }
      }
    }
  }
}
