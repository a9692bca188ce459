/**
 * Which segments carry another order's setpoints, and until when: a segment serves one order at a time,
 * so what earlier orders use is not offered or ordered twice.
 */
export class BusySegments {
  /** segmentId → orderId → the end of the last ISP that order commands it in. */
  private readonly busy = new Map<string, Map<string, number>>();

  commit(orderId: string, segmentIds: Iterable<string>, untilTs: number): void {
    for (const segmentId of segmentIds) {
      let orders = this.busy.get(segmentId);
      if (!orders) this.busy.set(segmentId, (orders = new Map()));
      orders.set(orderId, Math.max(untilTs, orders.get(orderId) ?? 0));
    }
  }

  release(orderId: string, segmentIds: Iterable<string>): void {
    for (const segmentId of segmentIds) {
      const orders = this.busy.get(segmentId);
      orders?.delete(orderId);
      if (orders?.size === 0) this.busy.delete(segmentId);
    }
  }

  /** True when another order than `exceptOrderId` commands the segment at or after `fromTs`. */
  isBusy(segmentId: string, fromTs: number, exceptOrderId?: string): boolean {
    const orders = this.busy.get(segmentId);
    if (!orders) return false;
    for (const [orderId, untilTs] of orders) if (orderId !== exceptOrderId && untilTs > fromTs) return true;
    return false;
  }

  /** Forgets what ended before `nowTs`. */
  prune(nowTs: number): void {
    for (const [segmentId, orders] of this.busy) {
      for (const [orderId, untilTs] of orders) if (untilTs <= nowTs) orders.delete(orderId);
      if (orders.size === 0) this.busy.delete(segmentId);
    }
  }
}
