import { ConfigError } from '@trottoir/config';

import { loadNodeStateConfig } from './node-state.config';

describe('node-state configuration', () => {
  it('given no variables, when loaded, then the defaults apply (stale 3 min, offline 15 min)', () => {
    expect(loadNodeStateConfig({})).toEqual({ staleAfterMs: 180_000, offlineAfterMs: 900_000, cycleDelayMs: 10_000, dirtyIntervalsPerCycle: 20 });
  });

  it('given thresholds, when loaded, then they are used', () => {
    const config = loadNodeStateConfig({ TROTTOIR_SEGMENT_STALE_AFTER_MS: '60000', TROTTOIR_SEGMENT_OFFLINE_AFTER_MS: '120000' });
    expect(config).toMatchObject({ staleAfterMs: 60_000, offlineAfterMs: 120_000 });
  });

  it('given an offline threshold below the stale one, when loaded, then start-up stops naming both variables', () => {
    const load = () => loadNodeStateConfig({ TROTTOIR_SEGMENT_STALE_AFTER_MS: '600000', TROTTOIR_SEGMENT_OFFLINE_AFTER_MS: '300000' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TROTTOIR_SEGMENT_OFFLINE_AFTER_MS.*TROTTOIR_SEGMENT_STALE_AFTER_MS/);
  });

  it('given a delay of a minute or more, when loaded, then it is refused', () => {
    expect(() => loadNodeStateConfig({ TROTTOIR_NODE_STATE_DELAY_MS: '60000' })).toThrow(/TROTTOIR_NODE_STATE_DELAY_MS/);
  });
});
