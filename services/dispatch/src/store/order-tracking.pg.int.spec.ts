/** PgOrderTracking against the order tracking contract, on each PostgreSQL the suite runs on. */
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeOrderTrackingContract } from './order-tracking.contract';
import { PgOrderTracking } from './order-tracking.pg';

describe.each(testDatabaseServers())('order tracking on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeOrderTrackingContract('PostgreSQL', { open: async () => new PgOrderTracking(db.pool) });
});
