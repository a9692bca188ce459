/** PgOrganiserData against the organiser data contract, on each PostgreSQL the suite runs on. */
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeOrganiserDataContract } from './organiser-data.contract';
import { PgOrganiserData } from './organiser-data.pg';

describe.each(testDatabaseServers())('organiser data on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeOrganiserDataContract('PostgreSQL', { open: async () => new PgOrganiserData(db.pool) });
});
