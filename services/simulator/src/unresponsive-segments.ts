/**
 * Fault injection: segments that ignore setpoints and never acknowledge them, as a broken edge gateway
 * would. Dispatch must find them out (no acknowledgement in time) and re-dispatch their share.
 */
export class UnresponsiveSegments {
  private ids: Set<string>;

  constructor(initial: readonly string[] = []) {
    this.ids = new Set(initial);
  }

  has(segmentId: string): boolean {
    return this.ids.has(segmentId);
  }

  list(): string[] {
    return [...this.ids].sort();
  }

  replace(segmentIds: readonly string[]): void {
    this.ids = new Set(segmentIds);
  }
}
