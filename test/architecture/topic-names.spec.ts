/**
 * The typed topic registry is the only way to a topic: the message-bus port takes topic definitions,
 * never names, and no production code spells a topic name or hands a `.name` to the bus. A topic name
 * in production code is the first step back to string topics (publishing around the registry, a
 * consumer branching on `batch.topic === '…'`), so this test refuses it, file by file.
 */
import fs from 'node:fs';
import path from 'node:path';

import { allTopics } from '@trottoir/contracts';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
/** The one place where topic names are written. */
const REGISTRY = 'libs/contracts/src/topics.ts';
const TOPIC_NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*\.v\d+$/;
const BUS_METHODS = new Set(['publish', 'publishRecords', 'subscribe', 'ensureTopics']);

function productionFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'gen', 'testing', 'fixtures'].includes(entry.name)) walk(relative);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.fixture.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(relative);
      }
    }
  };
  for (const parent of ['libs', 'services']) {
    for (const project of fs.readdirSync(path.join(root, parent))) if (fs.existsSync(path.join(root, parent, project, 'src'))) walk(path.join(parent, project, 'src'));
  }
  walk('tools/cli/src');
  // The testing library is test code by its tag (type:testing): lint keeps it out of production.
  return files.filter((file) => file !== REGISTRY && !file.startsWith('libs/testing/'));
}

/** Every place in `source` where a topic name is spelled out or handed to the bus as a string. */
export function topicNameUses(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && TOPIC_NAME.test(node.text)) {
      found.push(`${where(node)} spells the topic name "${node.text}"`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && BUS_METHODS.has(node.expression.name.text)) {
      const [first] = node.arguments;
      const stringy = first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || (ts.isPropertyAccessExpression(first) && first.name.text === 'name'));
      if (stringy) found.push(`${where(node)} passes a string as the topic of ${node.expression.name.text}()`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('topic names', () => {
  it('are spelled only in the registry, and reach the bus only as topic definitions', () => {
    const files = productionFiles();
    expect(files.length).toBeGreaterThan(100);
    const uses = files.flatMap((file) => topicNameUses(file, fs.readFileSync(path.join(root, file), 'utf8')));
    expect(uses).toEqual([]);
  });

  it('are caught where a file spells one or hands a name to the bus (the check above can fail)', () => {
    const leak = [
      "await bus.publishRecords(topics.telemetryRaw.name, records);",
      "await bus.subscribe('telemetry.raw.v1', options, handler);",
      "if (batch.topic === 'fleet.segment.v1') follow(batch);",
      'await bus.publish(`${prefix}.raw`, events, options);',
    ].join('\n');
    expect(topicNameUses('leak.ts', leak)).toEqual([
      'leak.ts:1 passes a string as the topic of publishRecords()',
      'leak.ts:2 passes a string as the topic of subscribe()',
      'leak.ts:2 spells the topic name "telemetry.raw.v1"',
      'leak.ts:3 spells the topic name "fleet.segment.v1"',
      'leak.ts:4 passes a string as the topic of publish()',
    ]);
    // Every registered name would be caught.
    for (const topic of allTopics) expect(TOPIC_NAME.test(topic.name)).toBe(true);
  });

  it('do not compile where the port wants a topic', () => {
    const snippet = path.join(root, 'test/architecture/string-topic.snippet.ts');
    const source = [
      "import type { MessageBus } from '@trottoir/messaging';",
      'declare const bus: MessageBus;',
      "void bus.publishRecords('telemetry.raw.v1', []);",
      "void bus.subscribe('telemetry.raw.v1', { groupId: 'g' }, async () => undefined);",
      "void bus.ensureTopics(['telemetry.raw.v1']);",
    ].join('\n');
    const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, types: [] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === snippet ? source : readFile(name));
    host.fileExists = ((exists) => (name: string) => path.resolve(name) === snippet || exists(name))(host.fileExists.bind(host));
    const program = ts.createProgram([snippet], options, host);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && path.resolve(diagnostic.file.fileName) === snippet)
      .map((diagnostic) => diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1);
    expect(errors).toEqual([3, 4, 5]);
  }, 60_000);
});
