import { familyOf, selectorsOf } from './promql';

describe('selectorsOf', () => {
  it('finds the selectors of an alert, not its functions, keywords, label lists or durations', () => {
    const expression = `
      sum by (service, topic) (trottoir_consumer_lag_messages) > 1000
      and on (service)
      sum by (service, topic) (deriv(trottoir_consumer_lag_messages{topic=~"telemetry.*", partition!="0"}[10m])) > 0
      or time() - max by (node_id) (trottoir_node_state_last_published_timestamp_seconds) > 1.5e3`;
    expect(selectorsOf(expression)).toEqual([
      { metric: 'trottoir_consumer_lag_messages', matchers: '', labels: [] },
      { metric: 'trottoir_consumer_lag_messages', matchers: '{topic=~"telemetry.*", partition!="0"}', labels: ['topic', 'partition'] },
      { metric: 'trottoir_node_state_last_published_timestamp_seconds', matchers: '', labels: [] },
    ]);
  });

  it('reads histogram quantiles and template variables in matchers', () => {
    const selectors = selectorsOf('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{node_id="$node"}[$__rate_interval])))');
    expect(selectors).toEqual([{ metric: 'http_request_duration_seconds_bucket', matchers: '{node_id="$node"}', labels: ['node_id'] }]);
    expect(familyOf('http_request_duration_seconds_bucket', new Set(['http_request_duration_seconds']))).toBe('http_request_duration_seconds');
    expect(familyOf('no_such_metric', new Set(['http_request_duration_seconds']))).toBeUndefined();
  });
});
