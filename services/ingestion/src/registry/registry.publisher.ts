/**
 * Publishes registry changes on the compacted topics, coalescing what arrives while a send is in
 * flight into the next send: one send at a time (concurrent sends on the idempotent Kafka producer
 * failed with "Producing messages failed"), yet a burst of PUTs from an import costs a few round trips.
 */
import { topics } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { publishEvents } from '@trottoir/messaging';
import type { MessageBus } from '@trottoir/messaging';

const SOURCE = 'trottoir/ingestion';

interface Pending {
  gridNodes: GridNode[];
  segments: Segment[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export class RegistryPublisher {
  private pending: Pending = { gridNodes: [], segments: [], waiters: [] };
  private sending = false;

  constructor(private readonly bus: MessageBus) {}

  publish(change: { gridNode?: GridNode; segment?: Segment }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (change.gridNode) this.pending.gridNodes.push(change.gridNode);
      if (change.segment) this.pending.segments.push(change.segment);
      this.pending.waiters.push({ resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.pending.waiters.length > 0) {
      const { gridNodes, segments, waiters } = this.pending;
      this.pending = { gridNodes: [], segments: [], waiters: [] };
      try {
        if (gridNodes.length > 0) await publishEvents(this.bus, topics.fleetGridNode, gridNodes, { source: SOURCE });
        if (segments.length > 0) await publishEvents(this.bus, topics.fleetSegment, segments, { source: SOURCE });
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.sending = false;
  }
}
