/**
 * The alert rules as Prometheus reads them: `promtool check rules`, `promtool test rules` (every alert has
 * a test that makes it fire), and a runbook section for every alert that its runbook_url points to.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { prometheusSkipReason } from './support/prometheus';

const root = path.resolve(__dirname, '../..');
const rulesDir = path.join(root, 'deploy/prometheus');
const ruleFiles = fs.readdirSync(rulesDir).filter((name) => name.endsWith('.rules.yml')).map((name) => path.join(rulesDir, name));
const testFiles = fs.readdirSync(path.join(rulesDir, 'tests')).filter((name) => name.endsWith('.test.yml')).map((name) => path.join(rulesDir, 'tests', name));
const runbook = fs.readFileSync(path.join(rulesDir, 'RUNBOOK.md'), 'utf8');

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Each alert of the rule files with its runbook_url (the files keep one annotation per line). */
function alerts(): { name: string; runbookUrl?: string }[] {
  const found: { name: string; runbookUrl?: string }[] = [];
  for (const file of ruleFiles) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const alert = /^\s*- alert:\s*(\S+)/.exec(line);
      if (alert) found.push({ name: alert[1] });
      const url = /^\s*runbook_url:\s*(\S+)/.exec(line);
      if (url && found.length > 0) found[found.length - 1].runbookUrl = url[1];
    }
  }
  return found;
}

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

describe('Prometheus alert rules', () => {
  it('are found, and each names a runbook section that exists', () => {
    const found = alerts();
    expect(found.length).toBeGreaterThanOrEqual(13);
    const anchors = new Set([...runbook.matchAll(/^## (.+)$/gm)].map((match) => anchorOf(match[1])));
    for (const alert of found) {
      expect(alert.runbookUrl, alert.name).toBe(`deploy/prometheus/RUNBOOK.md#${alert.name.toLowerCase()}`);
      expect(anchors.has(alert.name.toLowerCase()), `RUNBOOK.md has a section "## ${alert.name}"`).toBe(true);
    }
  });

  it('have a unit test each in which they fire', () => {
    const tests = testFiles.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    for (const { name } of alerts()) {
      // A firing expectation: the alert's name followed by a non-empty exp_alerts list.
      expect(new RegExp(`alertname: ${name}\\n\\s+exp_alerts:\\n\\s+- exp_labels`).test(tests), `a test in which ${name} fires`).toBe(true);
    }
  });

  const skip = prometheusSkipReason();
  if (skip) console.warn(skip);

  it.skipIf(skip !== undefined)('pass promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', ...ruleFiles);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it.skipIf(skip !== undefined)('pass their unit tests (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', ...testFiles);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });
});
