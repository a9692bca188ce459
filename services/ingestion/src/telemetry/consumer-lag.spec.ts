import { lagByPartition } from './consumer-lag';

describe('lagByPartition', () => {
  it('is end minus committed per partition, from 0 when never committed, never negative', () => {
    const ends = new Map([
      [0, 100n],
      [1, 50n],
      [2, 10n],
    ]);
    const committed = new Map([
      [0, 90n],
      [1, -1n],
      [2, 12n],
    ]);
    expect(lagByPartition(ends, committed)).toEqual(new Map([[0, 10], [1, 50], [2, 0]]));
  });
});
