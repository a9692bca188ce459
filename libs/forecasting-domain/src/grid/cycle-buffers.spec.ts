import { describe, expect, it } from 'vitest';

import { CycleBuffers } from './cycle-buffers';

describe('CycleBuffers', () => {
  it('hands the same memory to the next cycle, as the last user left it', () => {
    const buffers = new CycleBuffers();
    const first = buffers.float64('a', 4);
    first.set([1, 2, 3, 4]);
    const again = buffers.float64('a', 4);
    expect(again.buffer).toBe(first.buffer);
    expect([...again]).toEqual([1, 2, 3, 4]);
  });

  it('gives a prefix when less is asked, a larger array when more is, and keeps names and types apart', () => {
    const buffers = new CycleBuffers();
    const large = buffers.float32('a', 8);
    expect(buffers.float32('a', 3).buffer).toBe(large.buffer);
    expect(buffers.float32('a', 3)).toHaveLength(3);
    expect(buffers.float32('a', 9).buffer).not.toBe(large.buffer);
    expect(buffers.float64('a', 8)).toBeInstanceOf(Float64Array);
    expect(buffers.float32('b', 8).buffer).not.toBe(buffers.float32('a', 8).buffer);
  });
});
