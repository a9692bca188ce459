/**
 * The Grafana dashboards and the alert rules against the real components: a platform running on Kafka and
 * PostgreSQL (a simulated city at a sunny noon, a DSO's order carried out and delivered, a rejected
 * reading dead-lettered), a real Prometheus (Debian's) scraping every service and loading the rules. Then
 * every PromQL expression of every dashboard must return series, every metric a dashboard or a rule names
 * must be exported by a service, every rule must evaluate with each of its selectors matching series, and
 * every SQL panel must return rows from the migrated database.
 */
import fs from 'node:fs';
import path from 'node:path';

import { Client } from 'pg';

import type { RunningPlatform } from '../e2e/support/platform';
import { freePort, NOON_ISP_MS, SERVICES, startNoonPlatform, waitForForecast } from '../e2e/support/platform';
import { prometheusSkipReason } from './support/prometheus';
import type { PrometheusServer } from './support/prometheus-server';
import { startPrometheus } from './support/prometheus-server';
import { familyOf, selectorsOf } from './support/promql';

const root = path.resolve(__dirname, '../..');
const NODE = 'ps01';
const ISP_MS = NOON_ISP_MS;

/**
 * Metrics an alert may name that a freshly started platform legitimately has no series of yet, with why.
 * Only alerts: every dashboard expression must return series.
 */
const NOT_YET_EXPORTED: Record<string, string> = {
  trottoir_forecast_backtest_skill: 'the rolling backtest scores a forecast once its horizon has passed with measurements: hours after start',
};

interface Panel {
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: { refId: string; expr?: string; rawSql?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string } | string }[] };
}

const dashboardDir = path.join(root, 'deploy/grafana/dashboards');
const dashboards = fs.readdirSync(dashboardDir).filter((name) => name.endsWith('.json')).map((name) => ({ file: name, ...(JSON.parse(fs.readFileSync(path.join(dashboardDir, name), 'utf8')) as Dashboard) }));

function targetsOf(dashboard: Dashboard): { where: string; uid: string; expr?: string; rawSql?: string }[] {
  const flat = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...flat(panel.panels ?? [])]);
  return flat(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `${dashboard.title} › ${panel.title} › ${target.refId}`, uid: target.datasource?.uid ?? panel.datasource?.uid ?? '', expr: target.expr, rawSql: target.rawSql })),
  );
}

const promTargets = dashboards.flatMap((dashboard) => targetsOf(dashboard).filter((target) => target.uid === 'prometheus'));
const sqlTargets = dashboards.flatMap((dashboard) => targetsOf(dashboard).filter((target) => target.uid === 'timescaledb'));
const ruleFiles = fs.readdirSync(path.join(root, 'deploy/prometheus')).filter((name) => name.endsWith('.rules.yml')).map((name) => path.join(root, 'deploy/prometheus', name));

/** Grafana's variables and macros, as Grafana would expand them for node ps01 over the last days. */
function promql(expression: string): string {
  return expression.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '15s').replaceAll('$node', NODE);
}
function sql(query: string): string {
  return query.replace(/\$__timeFilter\(([^)]+)\)/g, "$1 between now() - interval '3650 days' and now() + interval '3650 days'").replaceAll('$node', NODE);
}

const skip = prometheusSkipReason();
if (skip) console.warn(`dashboards.int.spec: ${skip}`);

describe.skipIf(skip !== undefined)('dashboards and alert rules against a running platform and a real Prometheus', () => {
  let platform: RunningPlatform;
  let prometheus: PrometheusServer;
  let databaseUrl = '';
  let dropDatabase: () => Promise<void> = async () => undefined;
  const exported = new Set<string>();

  beforeAll(async () => {
    expect(promTargets.length).toBeGreaterThan(20);
    expect(sqlTargets.length).toBeGreaterThan(2);
    const started = await startNoonPlatform(`ops-dash-${Date.now().toString(36)}`, { TROTTOIR_DISPATCH_ACK_TIMEOUT_MS: '3000' });
    ({ platform, databaseUrl, dropDatabase } = started);
    const { tokens } = started;
    prometheus = await startPrometheus({ port: await freePort(), targets: SERVICES.map((service) => platform.url(service).replace('http://', '')), ruleFiles });

    const as = (role: string, method = 'GET', body?: unknown): RequestInit => ({
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = async (response: Response) => {
      const body = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
      return body;
    };

    // A reading that cannot be decoded: dead-lettered with its reason.
    const rejected = await fetch(`${platform.url('ingestion')}/v1/telemetry`, as('admin', 'POST', [{ segmentId: 42, pvPowerW: 'a lot' }]));
    expect(rejected.status).toBeLessThan(500);

    // A DSO's order carried out and measured: the control room's orders and delivery.
    await waitForForecast(platform);
    const dispatch = platform.url('dispatch');
    const view = await platform.until('fresh telemetry at dispatch', async () => {
      const flexibility = await json(await fetch(`${dispatch}/v1/nodes/${NODE}/flexibility`, as('dso-operator')));
      return (flexibility.segmentsAvailable as number) > 0 && flexibility.forecastIssuedAt !== null ? flexibility : undefined;
    });
    const ispStart = Math.ceil(((view.at as number) + 15_000) / ISP_MS) * ISP_MS;
    const deltaW = Math.round((view.flexUpW as number) / 4);
    const { requestId } = await json(await fetch(`${dispatch}/v1/flex-requests`, as('dso-operator', 'POST', { dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }], expiresAt: ispStart })));
    const offer = (await platform.until('the offer', async () => (await json(await fetch(`${dispatch}/v1/flex-requests/${requestId}`, as('dso-operator')))).offer ?? undefined)) as { offerId: string };
    await json(await fetch(`${dispatch}/v1/flex-orders`, as('dso-operator', 'POST', { offerId: offer.offerId, dsoId: 'enedis', nodeId: NODE, isps: [{ ispStart, deltaW }] })));

    // Until Prometheus has scraped what every panel shows (the delivery ratio comes last: after the ISP).
    for (const metric of ['trottoir_flex_delivery_ratio', 'trottoir_messages_dead_lettered_total', 'trottoir_forecast_node_power_w', 'trottoir_consumer_lag_messages', 'trottoir_dispatch_acks_total']) {
      await platform.until(`${metric} in Prometheus`, async () => ((await prometheus.query(`count(${metric})`)).result.length > 0 ? true : undefined), 240_000);
    }
    // Two more scrapes of everything, so that every rate() has its two samples.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    for (const service of SERVICES) {
      const text = await (await fetch(`${platform.url(service)}/metrics`)).text();
      for (const match of text.matchAll(/^# TYPE (\S+) /gm)) exported.add(match[1]);
    }
  }, 420_000);

  /** The rules as Prometheus loaded them from the rule files. */
  async function loadedRules(): Promise<{ name: string; query: string; health: string; lastError?: string }[]> {
    const response = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; query: string; health: string; lastError?: string }[] }[] } };
    return response.data.groups.flatMap((group) => group.rules);
  }

  afterAll(async () => {
    await prometheus?.stop();
    await platform?.stop();
    await dropDatabase();
  });

  it('scrapes every service', async () => {
    const up = await prometheus.query('up{job="trottoir"}');
    expect(up.result.map((sample) => [sample.metric.instance, sample.value[1]]).sort()).toEqual(SERVICES.map((service) => [platform.url(service).replace('http://', ''), '1']).sort());
  });

  it('names in dashboards and rules only metrics that a service exports', async () => {
    const named = [...promTargets.map((target) => target.expr ?? ''), ...(await loadedRules()).map((rule) => rule.query)];
    const unknown = new Set<string>();
    for (const expression of named) {
      for (const { metric } of selectorsOf(expression)) {
        if (metric !== 'up' && !familyOf(metric, exported)) unknown.add(metric);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('returns series for every PromQL expression of every dashboard', async () => {
    const empty: string[] = [];
    for (const target of promTargets) {
      const answer = await prometheus.query(promql(target.expr ?? ''));
      expect(answer.status, `${target.where}: ${answer.error}`).toBe('success');
      if (answer.result.length === 0) empty.push(`${target.where}: ${target.expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('fills every template variable', async () => {
    for (const dashboard of dashboards) {
      for (const variable of dashboard.templating.list) {
        const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
        const match = /^label_values\((\w+),\s*(\w+)\)$/.exec(query);
        expect(match, `${dashboard.title} › $${variable.name}: ${query}`).not.toBeNull();
        const values = (await prometheus.query(`count by (${match![2]}) (${match![1]})`)).result.map((sample) => sample.metric[match![2]]);
        expect(values, `${dashboard.title} › $${variable.name}`).toContain(NODE);
      }
    }
  });

  it('evaluates every alert rule, each of its selectors matching series with the labels it names', async () => {
    const rules = await loadedRules();
    expect(rules.length).toBeGreaterThanOrEqual(13);
    for (const rule of rules) {
      const answer = await prometheus.query(rule.query);
      expect(answer.status, `${rule.name}: ${answer.error}`).toBe('success');
      expect(rule.health, `${rule.name}: ${rule.lastError}`).not.toBe('err');
      for (const selector of selectorsOf(rule.query)) {
        if (NOT_YET_EXPORTED[selector.metric]) continue;
        const series = await prometheus.query(`count by (${['__name__', ...selector.labels].join(', ')}) ({__name__="${selector.metric}"})`);
        expect(series.result.length, `${rule.name}: ${selector.metric} has no series`).toBeGreaterThan(0);
        for (const label of selector.labels) {
          expect(series.result.some((sample) => sample.metric[label] !== undefined), `${rule.name}: ${selector.metric} has no label ${label}`).toBe(true);
        }
      }
    }
  });

  it('runs every SQL panel against the migrated database, with rows', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const target of sqlTargets) {
        const result = await client.query(sql(target.rawSql ?? '')).catch((error: Error) => {
          throw new Error(`${target.where}: ${error.message}`);
        });
        expect(result.rowCount, target.where).toBeGreaterThan(0);
      }
    } finally {
      await client.end();
    }
  });
});
