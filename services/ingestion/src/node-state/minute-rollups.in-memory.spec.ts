/** The minute-rollups contract against the in-memory adapter the node-state unit specs use. */
import { describeMinuteRollupsContract } from './minute-rollups.contract';
import { InMemoryMinuteRollups } from './minute-rollups.in-memory';

describeMinuteRollupsContract('in memory', {
  create: async () => {
    const rollups = new InMemoryMinuteRollups();
    return { rollups, record: async (readings) => rollups.record(readings), markDirty: async (tsList) => rollups.markDirty(tsList) };
  },
});
