/**
 * Announces registry changes on the compacted topics fleet.grid-node.v1 and fleet.segment.v1 through
 * the outbox: `messagesOf` gives the events a change is stored with (same transaction), and `flush`
 * asks the relay to send them now. A flush that fails (the broker away) loses nothing: the relay's
 * periodic pass sends them later, so a registration stored is a registration announced.
 */
import { topics } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { systemClock } from '@trottoir/kernel';
import type { Clock } from '@trottoir/kernel';
import { outboxMessages } from '@trottoir/messaging';
import type { OutboxMessage, OutboxRelay } from '@trottoir/messaging';

const SOURCE = 'trottoir/ingestion';

export class RegistryPublisher {
  constructor(
    private readonly relay: Pick<OutboxRelay, 'flush'>,
    private readonly clock: Clock = systemClock,
  ) {}

  messagesOf(change: { gridNode?: GridNode; segment?: Segment }): OutboxMessage[] {
    const time = this.clock.now();
    return [
      ...(change.gridNode ? outboxMessages(topics.fleetGridNode, [change.gridNode], { source: SOURCE, time }) : []),
      ...(change.segment ? outboxMessages(topics.fleetSegment, [change.segment], { source: SOURCE, time }) : []),
    ];
  }

  /** Sends what waits in the outbox; resolves to false (and never throws) when the relay could not. */
  async flush(): Promise<boolean> {
    try {
      await this.relay.flush();
      return true;
    } catch {
      return false;
    }
  }
}
