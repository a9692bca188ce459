/**
 * The horizon of a dispatch problem for some ISPs: from the first one to the last one, plus the
 * rebound ISPs after it (where an EV's postponed charging lands, within the node limits), with each
 * ISP's change as the problem's order.
 */
import type { LeverCosts, OrderedIsp, RequestedIsp } from '@trottoir/flexibility';

import type { DispatchConfig } from '../dispatch.config';

export interface OrderWindow {
  readonly startTs: number;
  readonly isps: number;
  readonly order: OrderedIsp[];
}

export function orderWindow(isps: readonly RequestedIsp[], ispMs: number, reboundIsps: number): OrderWindow {
  const startTs = isps[0].ispStart;
  const order = isps.map((isp) => ({ isp: Math.round((isp.ispStart - startTs) / ispMs), deltaW: isp.deltaW }));
  return { startTs, isps: order[order.length - 1].isp + 1 + reboundIsps, order };
}

export function leverCostsOf(config: DispatchConfig): LeverCosts {
  return {
    pvCurtailPerKWh: config.pvCurtailPerKWh,
    lightsDimPerKWh: config.lightsDimPerKWh,
    evShiftPerKWh: config.evShiftPerKWh,
    batteryCyclePerKWh: config.batteryCyclePerKWh,
    batteryEfficiency: config.batteryEfficiency,
  };
}
