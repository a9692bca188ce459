/**
 * One produce request in flight at a time, with everything that arrives meanwhile merged into the next.
 * The idempotent producer of @platformatic/kafka numbers each partition's batches in sequence; with
 * several sends in flight the broker received them out of order and refused them
 * (OUT_OF_ORDER_SEQUENCE_NUMBER, seen with 20 concurrent publishes). Merging keeps the throughput of
 * concurrent publishers: a burst costs a few round trips, not one each.
 */
interface Submission<Item> {
  items: readonly Item[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CoalescingSender<Item> {
  private readonly queue: Submission<Item>[] = [];
  private draining = false;

  constructor(
    private readonly send: (items: Item[]) => Promise<void>,
    /** Upper bound of items merged into one request (a single larger submission still goes alone). */
    private readonly maxItemsPerSend = 20_000,
  ) {}

  /** Resolves once `items` were sent (possibly together with others'); rejects if that send failed. */
  submit(items: readonly Item[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      // Whole submissions only: one caller's messages never straddle two requests.
      let taken = 1;
      let count = this.queue[0].items.length;
      while (taken < this.queue.length && count + this.queue[taken].items.length <= this.maxItemsPerSend) {
        count += this.queue[taken].items.length;
        taken += 1;
      }
      const batch = this.queue.splice(0, taken);
      try {
        await this.send(batch.flatMap((submission) => submission.items));
        for (const submission of batch) submission.resolve();
      } catch (error) {
        for (const submission of batch) submission.reject(error);
      }
    }
    this.draining = false;
  }
}
