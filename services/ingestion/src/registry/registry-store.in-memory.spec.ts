/** The registry store contract against the in-memory adapter the registry's unit specs use. */
import { describeRegistryStoreContract } from './registry-store.contract';
import { InMemoryRegistryStore } from './registry-store.in-memory';

describeRegistryStoreContract('in memory', { createStore: async () => new InMemoryRegistryStore() });
