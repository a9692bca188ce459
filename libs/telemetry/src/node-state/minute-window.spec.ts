import { lastCompleteMinute } from './minute-window';

describe('minute window', () => {
  it('given 12:01:10, when asked, then the last complete minute starts at 12:00', () => {
    expect(lastCompleteMinute(Date.UTC(2026, 5, 1, 12, 1, 10))).toBe(Date.UTC(2026, 5, 1, 12, 0));
  });
});
