/** When a settlement that failed is tried again. */
import { HOUR_MS } from '@trottoir/kernel';

/**
 * After `attempts` failed tries: the next cycle, then twice as long each time, at most an hour, so that an
 * order or a month that keeps failing (data that never come, a bad term) does not crowd out the others.
 */
export function retryAt(attempts: number, nowTs: number, cycleIntervalMs: number): number {
  return nowTs + Math.min(cycleIntervalMs * 2 ** Math.min(attempts, 20), HOUR_MS);
}
