/**
 * Records what is published on some topics of a bus (in a consumer group of its own, from the
 * beginning), for specs that check what the code under test published: the in-memory or Kafka bus
 * itself stands in for the outside world, never a hand-made fake of the port.
 */
import { randomUUID } from 'node:crypto';

import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import type { Consumer, MessageBus, ReceivedMessage } from '@trottoir/messaging';
import { decodeEvent } from '@trottoir/messaging';

export class TopicRecorder {
  private readonly received = new Map<string, ReceivedMessage[]>();
  private readonly consumers: Consumer[] = [];

  private constructor(private readonly bus: MessageBus) {}

  /** Starts recording `topics` of `bus` (which must exist). */
  static async start(bus: MessageBus, topics: readonly TopicDefinition[]): Promise<TopicRecorder> {
    const recorder = new TopicRecorder(bus);
    const groupId = `recorder-${randomUUID()}`;
    for (const topic of topics) {
      recorder.received.set(topic.name, []);
      recorder.consumers.push(await bus.subscribe(topic, { groupId, fromBeginning: true }, async (batch) => void recorder.on(batch.topic).push(...batch.messages)));
    }
    return recorder;
  }

  /** The messages received so far on `topic`, in the order they arrived. */
  on(topic: TopicDefinition): ReceivedMessage[] {
    const messages = this.received.get(topic.name);
    if (!messages) throw new Error(`${topic.name} is not recorded`);
    return messages;
  }

  /** The events received so far on `topic`, decoded. */
  events<Schema extends DescMessage>(topic: TopicDefinition<Schema>): MessageShape<Schema>[] {
    return this.on(topic).map((message) => decodeEvent(topic, message));
  }

  /** Waits until `topic` has at least `count` messages (fails after `timeoutMs`), and returns them. */
  async waitFor(topic: TopicDefinition, count: number, timeoutMs = 5_000): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.on(topic).length < count) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} messages on ${topic.name}: ${this.on(topic).length} so far`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.on(topic);
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.close()));
  }

  /** For specs that share the recorder's bus. */
  get messageBus(): MessageBus {
    return this.bus;
  }
}
