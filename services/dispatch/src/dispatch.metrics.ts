/** The dispatch service's Prometheus metrics, registered in the service's registry. */
import { Counter, Gauge, Histogram } from '@trottoir/observability';
import type { Registry } from '@trottoir/observability';

export class DispatchMetrics {
  readonly requests: Counter<'outcome'>;
  readonly offers: Counter<'outcome'>;
  readonly orders: Counter<'outcome' | 'reason'>;
  readonly orderSeconds: Histogram;
  readonly solveSeconds: Histogram<'method' | 'purpose'>;
  readonly setpoints: Counter;
  readonly acks: Counter<'status'>;
  readonly unacknowledged: Counter;
  readonly redispatches: Counter<'reason'>;
  readonly activeOrders: Gauge;
  readonly ordersAdopted: Counter;
  readonly ordersLetGo: Counter;
  readonly orderedW: Gauge<'node_id'>;
  readonly deliveredW: Gauge<'node_id'>;
  readonly deliveryRatio: Gauge<'node_id'>;
  readonly deliveries: Counter<'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'trottoir_flex_requests_total', help: 'Flex requests received, by outcome (answered, duplicate, invalid)', labelNames: ['outcome'], registers });
    this.offers = new Counter({ name: 'trottoir_flex_offers_total', help: 'Flex offers made: full, partial or none (an offer of 0 with its reason)', labelNames: ['outcome'], registers });
    this.orders = new Counter({ name: 'trottoir_flex_orders_total', help: 'Flex orders, accepted or rejected with the reason code', labelNames: ['outcome', 'reason'], registers });
    this.orderSeconds = new Histogram({
      name: 'trottoir_dispatch_order_duration_seconds',
      help: 'From an order received to all its setpoints published',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.solveSeconds = new Histogram({ name: 'trottoir_dispatch_solve_duration_seconds', help: 'Time to solve a dispatch problem', labelNames: ['method', 'purpose'], buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers });
    this.setpoints = new Counter({ name: 'trottoir_dispatch_setpoints_total', help: 'Setpoints published on dispatch.setpoint.v1', registers });
    this.acks = new Counter({ name: 'trottoir_dispatch_acks_total', help: 'Setpoint acknowledgements received, by status', labelNames: ['status'], registers });
    this.unacknowledged = new Counter({ name: 'trottoir_dispatch_setpoints_unacknowledged_total', help: 'Setpoints without an acknowledgement in time: their segments are lost to the order', registers });
    this.redispatches = new Counter({ name: 'trottoir_dispatch_redispatches_total', help: 'Re-dispatches of an ISP to other segments, by reason (lost segments, shortfall)', labelNames: ['reason'], registers });
    this.activeOrders = new Gauge({ name: 'trottoir_dispatch_active_orders', help: 'Orders this instance tracks: an ISP still to run or being measured', registers });
    this.ordersAdopted = new Counter({ name: 'trottoir_dispatch_orders_adopted_total', help: 'Orders under way adopted from a dispatch instance that died (its tracker lease was free)', registers });
    this.ordersLetGo = new Counter({ name: 'trottoir_dispatch_orders_let_go_total', help: 'Orders this instance stopped tracking because another instance had adopted them (it had lost its lease)', registers });
    this.orderedW = new Gauge({ name: 'trottoir_flex_ordered_w', help: 'Ordered change of net power at a node in its latest measured ISP, W', labelNames: ['node_id'], registers });
    this.deliveredW = new Gauge({ name: 'trottoir_flex_delivered_w', help: 'Delivered change of net power at a node in its latest measured ISP, W', labelNames: ['node_id'], registers });
    this.deliveryRatio = new Gauge({ name: 'trottoir_flex_delivery_ratio', help: 'Delivered over ordered at a node in its latest final ISP (1 = as ordered)', labelNames: ['node_id'], registers });
    this.deliveries = new Counter({ name: 'trottoir_flex_deliveries_total', help: 'Final ISP deliveries, within the tolerance of the order or short', labelNames: ['outcome'], registers });
  }
}
