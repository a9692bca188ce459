/** PgFlexStore against the flexibility store's contract, on each PostgreSQL the suite runs on. */
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeFlexStoreContract } from './flex-store.contract';
import { PgFlexStore } from './flex-store.pg';

describe.each(testDatabaseServers())('flexibility store on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeFlexStoreContract('PostgreSQL', { open: async () => new PgFlexStore(db.pool) });
});
