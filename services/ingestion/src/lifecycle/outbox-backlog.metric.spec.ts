import { Writable } from 'node:stream';

import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { describe, expect, it } from 'vitest';

import { registerOutboxBacklog } from './outbox-backlog.metric';

const silent = createLogger({ service: 'ingestion', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
const scrape = async (registry: ReturnType<typeof createMetricsRegistry>) => (await registry.getSingleMetric('trottoir_outbox_pending_messages')?.get())?.values[0]?.value;

describe('the outbox backlog metric', () => {
  it('counts the pending messages at each scrape, and keeps the last count while the database is away', async () => {
    const registry = createMetricsRegistry('ingestion', { processMetrics: false });
    let pending: number | Error = 3;
    registerOutboxBacklog(registry, { pendingCount: async () => (pending instanceof Error ? Promise.reject(pending) : pending) }, silent);
    expect(await scrape(registry)).toBe(3);
    pending = 0;
    expect(await scrape(registry)).toBe(0);
    pending = 7;
    expect(await scrape(registry)).toBe(7);
    pending = new Error('connection refused');
    expect(await scrape(registry)).toBe(7);
    expect(await registry.metrics()).toContain('trottoir_outbox_pending_messages');
  });
});
