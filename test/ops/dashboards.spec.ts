/**
 * The provisioned dashboards, read without running anything: well-formed for Grafana's file provider,
 * every query on a provisioned data source, and every metric a dashboard or an alert rule names declared
 * somewhere in the code (or one of prom-client's process metrics). The integration spec
 * (dashboards.int.spec.ts) then runs every query against a live platform.
 */
import fs from 'node:fs';
import path from 'node:path';

import { createMetricsRegistry } from '@trottoir/observability';

import { familyOf, selectorsOf } from './support/promql';

const root = path.resolve(__dirname, '../..');
const dashboardDir = path.join(root, 'deploy/grafana/dashboards');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid?: string };
  targets?: { refId: string; expr?: string; rawSql?: string; datasource?: { uid?: string } }[];
}

const dashboards = fs
  .readdirSync(dashboardDir)
  .filter((name) => name.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(dashboardDir, file), 'utf8')) as { uid: string; title: string; panels: Panel[] } }));

/** Every metric name given to a prom-client constructor in the code (`name: 'trottoir_…'`). */
function declaredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const match of fs.readFileSync(full, 'utf8').matchAll(/name: '([a-z_:][a-z0-9_:]*)',/g)) names.add(match[1]);
      }
    }
  };
  walk(path.join(root, 'libs'));
  walk(path.join(root, 'services'));
  return names;
}

describe('provisioned dashboards', () => {
  it('are the control room, the fleet and the platform, each with a unique uid', () => {
    expect(dashboards.map((dashboard) => dashboard.json.uid).sort()).toEqual(['trottoir-control-room', 'trottoir-fleet', 'trottoir-platform']);
  });

  it('query only the provisioned data sources, each panel within the 24-column grid with a unique id', () => {
    const provisioned = [...fs.readFileSync(path.join(root, 'deploy/grafana/provisioning/datasources/datasources.yaml'), 'utf8').matchAll(/^\s+uid: (\S+)$/gm)].map((match) => match[1]);
    expect(provisioned.sort()).toEqual(['prometheus', 'timescaledb']);
    for (const { file, json } of dashboards) {
      const ids = json.panels.map((panel) => panel.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      for (const panel of json.panels) {
        expect(panel.gridPos.x + panel.gridPos.w, `${file} › ${panel.title}`).toBeLessThanOrEqual(24);
        if (panel.type === 'row') continue;
        expect(panel.targets?.length, `${file} › ${panel.title}`).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) {
          const uid = target.datasource?.uid ?? panel.datasource?.uid;
          expect(provisioned, `${file} › ${panel.title}`).toContain(uid);
          expect(uid === 'prometheus' ? target.expr : target.rawSql, `${file} › ${panel.title} has a query`).toBeTruthy();
        }
      }
    }
  });

  it('name only metrics that the code declares or prom-client\'s process metrics', async () => {
    const declared = declaredMetrics();
    for (const metric of (await createMetricsRegistry('spec').getMetricsAsJSON()).map((family) => family.name)) declared.add(metric);
    const ruleExpressions = fs
      .readFileSync(path.join(root, 'deploy/prometheus/trottoir.rules.yml'), 'utf8')
      .split(/\n\s*- alert: /)
      .slice(1)
      .map((rule) => (/expr: (\|\n(?:\s{10,}.*\n)+|.*)/.exec(rule)?.[1] ?? '').replace(/^\|/, ''));
    expect(ruleExpressions.length).toBeGreaterThanOrEqual(13);
    for (const expression of ruleExpressions) expect(selectorsOf(expression).length, expression).toBeGreaterThan(0);
    const expressions = [...dashboards.flatMap(({ json }) => json.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? ''))), ...ruleExpressions];
    const unknown = new Set<string>();
    for (const expression of expressions) {
      for (const { metric } of selectorsOf(expression)) {
        if (metric !== 'up' && !familyOf(metric, declared)) unknown.add(metric);
      }
    }
    expect(declared.has('http_request_duration_seconds')).toBe(true);
    expect(declared.has('process_resident_memory_bytes')).toBe(true);
    expect([...unknown]).toEqual([]);
  });
});
