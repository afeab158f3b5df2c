// The lag of every consumer group a process runs, asked of the bus in one go: readiness bounds the
// projections' lag with it, and /metrics reports it per group and partition.
import type { ConsumerGroupRunner, MessageBus, PartitionLag } from '../bus/types';

export interface GroupLag {
  kind: ConsumerGroupRunner['kind'];
  name: string;
  groupId: string;
  partitions: PartitionLag[];
  /** the sum over its partitions */
  total: number;
}

export async function consumerLag(bus: MessageBus, consumers: ConsumerGroupRunner[]): Promise<GroupLag[]> {
  return Promise.all(
    consumers.map(async ({ kind, name, groupId, topics }) => {
      const partitions = await bus.lag(groupId, topics);
      return { kind, name, groupId, partitions, total: partitions.reduce((sum, { lag }) => sum + lag, 0) };
    }),
  );
}
