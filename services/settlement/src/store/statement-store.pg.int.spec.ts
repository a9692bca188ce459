/** PgStatementStore against the statement store's contract, on each PostgreSQL the suite runs on. */
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeStatementStoreContract } from './statement-store.contract';
import { PgStatementStore } from './statement-store.pg';

describe.each(testDatabaseServers())('statement store on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeStatementStoreContract('PostgreSQL', { open: async () => new PgStatementStore(db.pool) });
});
