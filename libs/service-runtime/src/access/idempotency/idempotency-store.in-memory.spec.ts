import { describeIdempotencyStoreContract } from './idempotency-store.contract';
import { InMemoryIdempotencyStore } from './idempotency-store.in-memory';

describeIdempotencyStoreContract('in memory', { open: async () => new InMemoryIdempotencyStore() });
