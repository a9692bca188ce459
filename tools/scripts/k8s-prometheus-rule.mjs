#!/usr/bin/env node
// Writes k8s/monitoring/prometheus-rule.yaml: the alert rules of deploy/prometheus/trottoir.rules.yml
// wrapped in a Prometheus Operator PrometheusRule, line for line, so that the compose stack and the
// cluster alert on the same rules. Run after changing the rules; test/ops/k8s.spec.ts fails while the
// two differ.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const source = 'deploy/prometheus/trottoir.rules.yml';
const target = 'k8s/monitoring/prometheus-rule.yaml';

const rules = fs.readFileSync(path.join(root, source), 'utf8');
const body = rules
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .map((line) => (line === '' ? '' : `  ${line}`))
  .join('\n')
  .trimEnd();
const header = [
  `# Generated from ${source} by tools/scripts/k8s-prometheus-rule.mjs: edit the rules there and run`,
  '#   node tools/scripts/k8s-prometheus-rule.mjs',
  '# For a Prometheus Operator whose ruleSelector matches `app.kubernetes.io/part-of: trottoir`.',
  'apiVersion: monitoring.coreos.com/v1',
  'kind: PrometheusRule',
  'metadata:',
  '  name: trottoir',
  '  labels:',
  '    app.kubernetes.io/part-of: trottoir',
  'spec:',
];
fs.writeFileSync(path.join(root, target), `${header.join('\n')}\n${body}\n`);
console.log(`wrote ${target}`);
