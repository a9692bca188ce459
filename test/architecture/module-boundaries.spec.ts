/**
 * Keeps the architecture from drifting: every project carries one scope and one type tag, the
 * module-boundary matrix stays tight (no wildcard arrows, effectful packages banned from domain code),
 * and ESLint really refuses the forbidden imports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const eslintBin = path.join(root, 'node_modules/.bin/eslint');

interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags: string[];
  bannedExternalImports?: string[];
}

function projectManifests(): Array<{ dir: string; name: string; tags: string[] }> {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  return rootManifest.workspaces.flatMap((pattern) => {
    const dirs = pattern.endsWith('/*')
      ? fs.readdirSync(path.join(root, pattern.slice(0, -2))).map((entry) => path.join(pattern.slice(0, -2), entry))
      : [pattern];
    return dirs
      .filter((dir) => fs.existsSync(path.join(root, dir, 'package.json')))
      .map((dir) => {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
        return { dir, name: manifest.name as string, tags: (manifest.nx?.tags ?? []) as string[] };
      });
  });
}

function lintSource(filePath: string, source: string): string[] {
  const result = spawnSync(eslintBin, ['--stdin', '--stdin-filename', filePath, '--format', 'json', '--rule', '{"@typescript-eslint/no-unused-vars":"off"}'], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return report.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
}

describe('module boundaries', () => {
  let depConstraints: DepConstraint[];

  beforeAll(async () => {
    // The rule reads Nx's cached project graph; build it as `npm test` does before linting.
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } });
    depConstraints = (await import(path.join(root, 'eslint.config.mjs'))).depConstraints;
  });

  it('tags every project with exactly one scope and one type', () => {
    const projects = projectManifests();
    expect(projects.length).toBeGreaterThanOrEqual(10);
    for (const project of projects) {
      const scopes = project.tags.filter((tag) => tag.startsWith('scope:'));
      const types = project.tags.filter((tag) => tag.startsWith('type:'));
      expect({ project: project.name, scopes: scopes.length, types: types.length }).toEqual({ project: project.name, scopes: 1, types: 1 });
    }
  });

  it('has no wildcard arrows, and bans effectful packages from domain code', () => {
    for (const constraint of depConstraints) {
      expect(constraint.sourceTag).not.toBe('*');
      expect(constraint.onlyDependOnLibsWithTags).not.toContain('*');
    }
    const domain = depConstraints.find((constraint) => constraint.sourceTag === 'type:domain');
    expect(domain?.onlyDependOnLibsWithTags.sort()).toEqual(['type:contracts', 'type:domain', 'type:util']);
    expect(domain?.bannedExternalImports).toEqual(expect.arrayContaining(['@nestjs/*', 'kafkajs', '@platformatic/kafka', 'typeorm', 'pg']));
    const app = depConstraints.find((constraint) => constraint.sourceTag === 'type:app');
    expect(app?.onlyDependOnLibsWithTags).not.toContain('type:app');
  });

  it('refuses NestJS, Kafka, TypeORM and pg in a domain library', () => {
    const errors = lintSource(
      'libs/telemetry/src/forbidden.ts',
      ["import '@nestjs/common';", "import 'kafkajs';", "import 'typeorm';", "import 'pg';", "import '@trottoir/messaging';"].join('\n'),
    );
    expect(errors).toHaveLength(5);
  });

  it('refuses a service importing another service', () => {
    const errors = lintSource('services/ingestion/src/forbidden.ts', "import { dispatchService } from '@trottoir/dispatch-service';\nexport const leak = dispatchService;\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('keeps test helpers out of production code but lets specs use them', () => {
    const helperImport = "import { createTestDatabase } from '@trottoir/testing';\nexport const helper = createTestDatabase;\n";
    const productionFile = spawnSync(eslintBin, ['--stdin', '--stdin-filename', 'services/ingestion/src/leak.ts', '--format', 'json'], { cwd: root, input: helperImport, encoding: 'utf8' });
    const [report] = JSON.parse(productionFile.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
    expect(report.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
    expect(lintSource('services/ingestion/src/leak.spec.ts', helperImport)).toEqual([]);
  });

  it('lets the launcher start services and a domain library import contracts', () => {
    expect(lintSource('tools/cli/src/allowed.ts', "import { ingestionService } from '@trottoir/ingestion-service';\nexport const ok = ingestionService;\n")).toEqual([]);
    expect(lintSource('libs/telemetry/src/allowed.ts', "import type { TopicDefinition } from '@trottoir/contracts';\nexport type Ok = TopicDefinition;\n")).toEqual([]);
  });

  it('keeps the shared kernel at the bottom: everyone may import it, it imports no workspace library', () => {
    expect(lintSource('libs/contracts/src/allowed.ts', "import { DAY_MS } from '@trottoir/kernel';\nexport const ok = DAY_MS;\n")).toEqual([]);
    expect(lintSource('libs/kernel/src/forbidden.ts', "import type { TopicDefinition } from '@trottoir/contracts';\nexport type Leak = TopicDefinition;\n")).toHaveLength(1);
  });
});
