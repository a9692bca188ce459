/**
 * The group coordinator of the in-process bus: who is in a consumer group, which partitions each
 * member owns (round-robin per topic, recomputed whenever a member joins or leaves), the committed
 * offsets (they outlive the members), and which member has a batch of a partition in hand, so a new
 * owner waits for the old owner's in-flight batch to commit before it reads the committed offset.
 */
import type { TopicPartitions } from '../message-bus.port';

export interface GroupMember {
  readonly topics: readonly string[];
  /** Called by the group after every rebalance with the member's new partitions. */
  assign(assignment: TopicPartitions[]): void;
  /** Something the member may be waiting for happened (a partition was released). */
  wake(): void;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export class ConsumerGroup {
  private readonly members: GroupMember[] = [];
  private readonly committed = new Map<string, bigint>();
  private readonly inFlight = new Map<string, GroupMember>();

  constructor(
    readonly groupId: string,
    private readonly partitionsOf: (topic: string) => number,
  ) {}

  join(member: GroupMember): void {
    this.members.push(member);
    this.rebalance();
  }

  leave(member: GroupMember): void {
    const index = this.members.indexOf(member);
    if (index < 0) return;
    this.members.splice(index, 1);
    for (const [key, holder] of this.inFlight) if (holder === member) this.inFlight.delete(key);
    this.rebalance();
  }

  isEmpty(): boolean {
    return this.members.length === 0;
  }

  committedOffset(topic: string, partition: number): bigint | undefined {
    return this.committed.get(partitionKey(topic, partition));
  }

  commit(topic: string, partition: number, nextOffset: bigint): void {
    this.committed.set(partitionKey(topic, partition), nextOffset);
  }

  /** True when another member still has a batch of this partition in hand. */
  isHeldByOther(topic: string, partition: number, member: GroupMember): boolean {
    const holder = this.inFlight.get(partitionKey(topic, partition));
    return holder !== undefined && holder !== member;
  }

  hold(topic: string, partition: number, member: GroupMember): void {
    this.inFlight.set(partitionKey(topic, partition), member);
  }

  release(topic: string, partition: number, member: GroupMember): void {
    const key = partitionKey(topic, partition);
    if (this.inFlight.get(key) !== member) return;
    this.inFlight.delete(key);
    for (const other of this.members) if (other !== member) other.wake();
  }

  private rebalance(): void {
    const assignments = new Map<GroupMember, TopicPartitions[]>(this.members.map((m) => [m, []]));
    const topics = new Set(this.members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const subscribers = this.members.filter((m) => m.topics.includes(topic));
      const count = this.partitionsOf(topic);
      subscribers.forEach((member, index) => {
        const partitions: number[] = [];
        for (let p = index; p < count; p += subscribers.length) partitions.push(p);
        if (partitions.length > 0) assignments.get(member)?.push({ topic, partitions });
      });
    }
    for (const [member, assignment] of assignments) member.assign(assignment);
  }
}
