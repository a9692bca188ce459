import { describeFlexStoreContract } from './flex-store.contract';
import { InMemoryFlexStore } from './flex-store.in-memory';

describeFlexStoreContract('in memory', { open: async () => new InMemoryFlexStore() });
