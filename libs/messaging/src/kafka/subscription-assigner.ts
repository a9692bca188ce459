/**
 * The partition assignor of our Kafka consumers. @platformatic/kafka's default deals every partition
 * of every topic the group reads round robin to every member, whatever each member subscribed to; but
 * the port opens one consumer per topic, and a service's consumers share its group (group id = service
 * name). With the default, a member of `dispatch` that reads flex.order.v1 would be handed partitions of
 * flex.request.v1 that no handler of its reads, and the member that does read them would never get
 * them. Here each topic's partitions go only to the members that subscribed to it, each to the one
 * holding fewest partitions so far (ties: member id), so that the load stays even across topics.
 */
import type { GroupPartitionsAssigner } from '@platformatic/kafka';

type Assignments = ReturnType<GroupPartitionsAssigner>;

export const subscriptionAwareAssigner: GroupPartitionsAssigner = (_current, members, _topics, metadata) => {
  const memberIds = [...members.keys()].sort();
  const assignments: Assignments = memberIds.map((memberId) => ({ memberId, assignments: new Map() }));
  const byMember = new Map(assignments.map((assignment) => [assignment.memberId, assignment]));
  const load = new Map(memberIds.map((memberId) => [memberId, 0]));
  for (const topic of [...metadata.topics.keys()].sort()) {
    const subscribers = memberIds.filter((memberId) => members.get(memberId)?.topics?.includes(topic));
    if (subscribers.length === 0) continue;
    const partitionsCount = metadata.topics.get(topic)?.partitionsCount ?? 0;
    for (let partition = 0; partition < partitionsCount; partition++) {
      const chosen = subscribers.reduce((best, memberId) => ((load.get(memberId) ?? 0) < (load.get(best) ?? 0) ? memberId : best));
      load.set(chosen, (load.get(chosen) ?? 0) + 1);
      const member = byMember.get(chosen);
      const owned = member?.assignments.get(topic) ?? { topic, partitions: [] };
      owned.partitions.push(partition);
      member?.assignments.set(topic, owned);
    }
  }
  return assignments;
};
