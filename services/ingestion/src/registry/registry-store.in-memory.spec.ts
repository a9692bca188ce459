/** The registry store contract against the in-memory adapter the registry's unit specs use. */
import { describeRegistryRecordsContract } from './registry-records.contract';
import { InMemoryRegistryStore } from './registry-store.in-memory';

const store = new InMemoryRegistryStore();
describeRegistryRecordsContract('in memory', { createStore: async () => store, outbox: () => store.outbox });
