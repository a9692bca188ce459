import { describeLeaseContract } from './lease.contract';
import type { Leases } from './lease.port';
import { InMemoryLeases, InMemoryLeaseTable } from './lease.in-memory';

const table = new InMemoryLeaseTable();

describeLeaseContract('in memory', {
  replica: async () => new InMemoryLeases(table),
  sever: async (replica: Leases) => table.sever(replica as InMemoryLeases),
});
