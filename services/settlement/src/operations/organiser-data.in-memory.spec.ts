/** InMemoryOrganiserData against the contract its PostgreSQL twin meets. */
import { describeOrganiserDataContract } from './organiser-data.contract';
import { InMemoryOrganiserData } from './organiser-data.in-memory';

describeOrganiserDataContract('in memory', { open: async () => new InMemoryOrganiserData() });
