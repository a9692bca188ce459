import { metricSum, redactPassword } from './live-summary';

const exposition = [
  '# HELP trottoir_ingest_readings_total Telemetry readings ingested',
  '# TYPE trottoir_ingest_readings_total counter',
  'trottoir_ingest_readings_total{service="ingestion",source="kafka",outcome="accepted"} 1200',
  'trottoir_ingest_readings_total{service="ingestion",source="http",outcome="accepted"} 30',
  'trottoir_ingest_readings_total{service="ingestion",source="kafka",outcome="rejected"} 7',
  'trottoir_ingest_readings_total_created{service="ingestion"} 1764500000',
  'trottoir_node_state_published_total 42',
].join('\n');

describe('live summary', () => {
  it('sums the series of a metric that match a label filter, ignoring other metrics with the same prefix', () => {
    expect(metricSum(exposition, 'trottoir_ingest_readings_total', 'outcome="accepted"')).toBe(1230);
    expect(metricSum(exposition, 'trottoir_ingest_readings_total')).toBe(1237);
    expect(metricSum(exposition, 'trottoir_node_state_published_total')).toBe(42);
    expect(metricSum(exposition, 'trottoir_absent_total')).toBe(0);
  });

  it('never shows a database password', () => {
    expect(redactPassword('postgres://postgres:secret@127.0.0.1:5434/trottoir')).toBe('postgres://postgres:***@127.0.0.1:5434/trottoir');
  });
});
