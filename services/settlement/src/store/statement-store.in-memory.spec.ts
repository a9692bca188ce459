import { describeStatementStoreContract } from './statement-store.contract';
import { InMemoryStatementStore } from './statement-store.in-memory';

describeStatementStoreContract('in memory', { open: async () => new InMemoryStatementStore() });
