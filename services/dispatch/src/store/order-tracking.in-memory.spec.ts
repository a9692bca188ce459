import { describeOrderTrackingContract } from './order-tracking.contract';
import { InMemoryOrderTracking } from './order-tracking.in-memory';

describeOrderTrackingContract('in memory', { open: async () => new InMemoryOrderTracking() });
