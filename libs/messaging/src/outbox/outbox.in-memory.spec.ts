/** The outbox contract against the in-memory adapter. */
import { describeOutboxStoreContract } from '../contract/outbox-store.contract';
import { InMemoryOutboxStore } from './outbox.in-memory';

describeOutboxStoreContract('in memory', {
  create: async () => {
    const store = new InMemoryOutboxStore();
    return { store, append: async (messages) => store.append(messages) };
  },
});
