/** `trottoir fleet generate|import` without a registry: output, options, and the --kafka path on the in-process bus. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { topics } from '@trottoir/contracts';
import { InProcessMessageBus } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';
import { Command } from 'commander';

import { registerFleetCommand } from './fleet.command';

function cli(bus?: InProcessMessageBus) {
  const output = { out: '', err: '' };
  const program = new Command('trottoir').exitOverride();
  registerFleetCommand(program, { out: (text) => (output.out += text), err: (text) => (output.err += text), createBus: () => bus! });
  return { program, output, run: (...args: string[]) => program.parseAsync(['node', 'trottoir', ...args]) };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('trottoir fleet', () => {
  it('generates GeoJSON on stdout, the same for the same seed, and CSV into a .csv file', async () => {
    const first = cli();
    await first.run('fleet', 'generate', '--segments', '25', '--seed', '3');
    const document = JSON.parse(first.output.out);
    expect(document.type).toBe('FeatureCollection');
    expect(document.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString')).toHaveLength(25);
    expect(first.output.err).toContain('generated 25 segments');
    const again = cli();
    await again.run('fleet', 'generate', '--segments', '25', '--seed', '3');
    expect(again.output.out).toBe(first.output.out);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-')), 'city.csv');
    await cli().run('fleet', 'generate', '--segments', '5', '--seed', '3', '--out', file);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^record,id,parent_id,/);
  });

  it('refuses a segment count that is not a whole positive number', async () => {
    const { run } = cli();
    await expect(run('fleet', 'generate', '--segments', '0', '--seed', '1')).rejects.toThrow(/whole number/);
  });

  it('publishes the good records on the compacted topics with --kafka and reports the bad ones with their line', async () => {
    const shared = new InProcessMessageBus();
    await shared.ensureTopics([topics.fleetGridNode, topics.fleetSegment]);
    const recorder = await TopicRecorder.start(shared, [topics.fleetGridNode, topics.fleetSegment]);
    // The command closes its bus when done; the spec keeps reading the shared one.
    const bus = Object.assign(Object.create(shared) as InProcessMessageBus, { close: async () => undefined });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
    const file = path.join(dir, 'city.csv');
    await cli().run('fleet', 'generate', '--segments', '12', '--seed', '5', '--out', file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const bad = lines.findIndex((line) => line.startsWith('segment,'));
    lines[bad] = lines[bad].replace(/^segment,([^,]+),/, 'segment,$1 with spaces,');
    fs.writeFileSync(file, lines.join('\n'));

    const importing = cli(bus);
    await importing.run('fleet', 'import', file, '--kafka', 'in-process');
    expect(importing.output.out).toMatch(/^registered \d+ grid node\(s\) and 11 segment\(s\); rejected 1:\n {2}line \d+ .+ with spaces: segmentId ".+" must be/);
    expect(importing.output.out).toContain(`line ${bad + 1} `);
    expect(process.exitCode).toBe(1);
    // Every record is a valid binary message of its topic's schema, keyed by its id.
    await recorder.waitFor(topics.fleetSegment, 11);
    expect(recorder.events(topics.fleetSegment).map((segment) => segment.segmentId).sort()).toEqual(recorder.on(topics.fleetSegment).map((m) => m.key).sort());
    expect(recorder.events(topics.fleetGridNode).length).toBeGreaterThan(3);
    await recorder.stop();
  });

  it('says what is wrong with a file that is not a fleet file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-')), 'x.geojson');
    fs.writeFileSync(file, '{"type":"Feature"}');
    const { run, output } = cli();
    await run('fleet', 'import', file);
    expect(output.err).toContain('not a GeoJSON FeatureCollection');
    expect(process.exitCode).toBe(1);
  });
});
