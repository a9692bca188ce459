/**
 * The outbox's backlog as Prometheus sees it: registry events committed and not yet on the bus. A relay
 * that cannot publish (the broker refuses, a topic the registry no longer knows blocks the queue) shows as
 * a backlog that never drains (alert TrottoirOutboxNotDraining): the other services' fleet views fall
 * behind the registry. Counted at each scrape, from whichever replica is scraped (one outbox for all):
 * the table holds hours at most, published rows are pruned.
 */
import type { OutboxStore } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import { Gauge } from '@trottoir/observability';

export function registerOutboxBacklog(registry: Registry, outbox: Pick<OutboxStore, 'pendingCount'>, logger: Logger): Gauge {
  return new Gauge({
    name: 'trottoir_outbox_pending_messages',
    help: 'Events stored in the outbox and not yet published (the relay sends them within seconds)',
    registers: [registry],
    async collect() {
      try {
        this.set(await outbox.pendingCount());
      } catch (error) {
        // The database away: the scrape goes on with the last count (TrottoirPostgresUnreachable says why).
        logger.warn({ err: error }, 'outbox backlog not counted');
      }
    },
  });
}
