/**
 * Publishes setpoints on dispatch.setpoint.v1 in chunks a broker accepts (a setpoint is ~150 bytes;
 * 100,000 of them in one publish would exceed the 1 MiB record batch of a partition), several chunks in
 * flight at once so that a large order is not one round trip per chunk.
 */
import type { SegmentSetpoint } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';

const CHUNK = 4_000;
const IN_FLIGHT = 4;
const SOURCE = 'trottoir/dispatch';

export class SetpointPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  async publish(setpoints: readonly SegmentSetpoint[]): Promise<void> {
    const time = this.clock.now();
    const chunks: SegmentSetpoint[][] = [];
    for (let i = 0; i < setpoints.length; i += CHUNK) chunks.push(setpoints.slice(i, i + CHUNK));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        await this.bus.publish(topics.dispatchSetpoint, chunk, { source: SOURCE, time });
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, chunks.length) }, worker));
  }
}
