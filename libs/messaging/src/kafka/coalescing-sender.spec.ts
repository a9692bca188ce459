import fc from 'fast-check';

import { CoalescingSender } from './coalescing-sender';

describe('CoalescingSender', () => {
  it('never has two sends in flight, merges what waited, and delivers every item once in submission order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer(), { maxLength: 20 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 50 }), async (submissions, maxItems) => {
        let inFlight = 0;
        let maxInFlight = 0;
        const sent: number[][] = [];
        const sender = new CoalescingSender<number>(async (items) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          sent.push(items);
          inFlight -= 1;
        }, maxItems);
        await Promise.all(submissions.map((items) => sender.submit(items)));
        expect(maxInFlight).toBe(1);
        expect(sent.flat()).toEqual(submissions.flat());
        for (const request of sent.slice(1)) expect(request.length).toBeLessThanOrEqual(Math.max(maxItems, ...submissions.map((s) => s.length)));
      }),
    );
  });

  it('rejects exactly the submissions of a failed send, and goes on with the next', async () => {
    let calls = 0;
    const sender = new CoalescingSender<string>(async () => {
      calls += 1;
      if (calls === 1) {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('broker refused');
      }
    });
    const first = sender.submit(['a']);
    const second = sender.submit(['b']);
    const third = sender.submit(['c']);
    await expect(first).rejects.toThrow('broker refused');
    await expect(Promise.all([second, third])).resolves.toBeDefined();
    expect(calls).toBe(2);
  });
});
