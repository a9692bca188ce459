/** The settlement service's Prometheus metrics, registered in the service's registry. */
import { Counter, Gauge, Histogram } from '@trottoir/observability';
import type { Registry } from '@trottoir/observability';

export class SettlementMetrics {
  readonly ordersFollowed: Counter<'outcome'>;
  readonly runs: Counter<'outcome'>;
  readonly statementsIssued: Counter<'kind'>;
  readonly versions: Counter<'outcome'>;
  readonly published: Counter;
  readonly cycleSeconds: Histogram;
  readonly pendingOrders: Gauge;
  readonly resettlements: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.ordersFollowed = new Counter({ name: 'trottoir_settlement_orders_followed_total', help: 'Accepted orders recorded for settlement (inserted) or seen again (duplicate: a replay)', labelNames: ['outcome'], registers });
    this.runs = new Counter({ name: 'trottoir_settlement_order_runs_total', help: 'Order settlement attempts: settled, waiting (missing data or not due), or failed (bad input)', labelNames: ['outcome'], registers });
    this.statementsIssued = new Counter({ name: 'trottoir_settlement_statements_issued_total', help: 'First versions of statements issued, by kind', labelNames: ['kind'], registers });
    this.versions = new Counter({ name: 'trottoir_settlement_statement_versions_total', help: 'Settlement results: a new version (first or revised) or unchanged (no version)', labelNames: ['outcome'], registers });
    this.published = new Counter({ name: 'trottoir_settlement_statements_published_total', help: 'Statement versions published on settlement.statement.v1', registers });
    this.cycleSeconds = new Histogram({ name: 'trottoir_settlement_cycle_duration_seconds', help: 'Duration of one settlement cycle', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers });
    this.pendingOrders = new Gauge({ name: 'trottoir_settlement_pending_orders', help: 'Orders waiting with a reason at the end of the latest cycle: tried at least once and not settled (missing data, a bad order); each is retried with back-off', registers });
    this.resettlements = new Counter({ name: 'trottoir_settlement_resettlements_total', help: 'Settled orders made pending again by late data in their inputs', registers });
  }
}
