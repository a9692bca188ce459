import { Counter } from 'prom-client';

import { createMetricsRegistry } from './metrics';

describe('metrics registry', () => {
  it('keeps each service in its own registry with a service label', async () => {
    const ingestion = createMetricsRegistry('ingestion', { processMetrics: false });
    const dispatch = createMetricsRegistry('dispatch', { processMetrics: false });
    new Counter({ name: 'trottoir_readings_total', help: 'readings', registers: [ingestion] }).inc(2);

    expect(await ingestion.metrics()).toContain('trottoir_readings_total{service="ingestion"} 2');
    expect(await dispatch.metrics()).not.toContain('trottoir_readings_total');
  });

  it('exposes process metrics by default, under their standard names so that stock dashboards work', async () => {
    const text = await createMetricsRegistry('settlement').metrics();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="settlement"\} \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="settlement"\} \d+/m);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(text).not.toContain('trottoir_process_');
    expect(text).not.toContain('trottoir_nodejs_');
  });
});
