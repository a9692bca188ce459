import { ManualClock, OffsetClock, systemClock } from './clock';

describe('clocks', () => {
  it('moves a manual clock only when told to', () => {
    const clock = new ManualClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it('starts an offset clock at the instant given and runs it at the wall clock pace', async () => {
    const start = Date.UTC(2026, 5, 21, 11);
    const clock = new OffsetClock(start);
    const first = clock.now();
    expect(Math.abs(first - start)).toBeLessThan(50);
    const wallBefore = systemClock.now();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(clock.now() - first).toBeGreaterThanOrEqual(systemClock.now() - wallBefore - 5);
  });
});
