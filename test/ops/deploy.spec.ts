/**
 * The compose stack and the image, read as Docker would (the suite runs no Docker): every image pinned
 * to an exact version (no `latest`, no bare major), the simulator and Mosquitto in the stack so that it
 * produces data by itself, ingestion's MQTT bridge pointed at that Mosquitto, and no TimescaleDB (the
 * schema has one path, plain PostgreSQL).
 */
import fs from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
// `merge`: the services share their environment through YAML merge keys (`<<: *trottoir-env`), as Compose reads them.
const compose = parse(fs.readFileSync(path.join(root, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown>; volumes?: string[] }>;
};

/**
 * `name:tag` whose tag starts with a release number of at least two parts (`15.20`, `v3.4.1`; a variant
 * after it, as in `-bookworm`), or a digest; never `latest`, a bare major (`15`, `20-slim`) or no tag.
 */
function pinned(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(image) || /^[\w./-]+:v?\d+\.\d+(\.\d+)?([-.][\w.-]+)?$/.test(image);
}

describe('deploy/compose.yaml', () => {
  it('pins every image it pulls to an exact version, and builds only the trottoir image', () => {
    const images = Object.entries(compose.services).map(([name, service]) => ({ name, image: service.image ?? '' }));
    expect(images.length).toBeGreaterThan(5);
    for (const { name, image } of images) {
      if (compose.services[name].build !== undefined) expect(image, name).toBe('trottoir:dev');
      else expect(pinned(image), `${name}: ${image}`).toBe(true);
    }
    expect(images.map(({ image }) => image).join(' ')).not.toMatch(/timescale/);
  });

  it('runs the simulator and Mosquitto, with ingestion bridging that Mosquitto', () => {
    const { simulator, mosquitto, ingestion } = compose.services;
    expect(simulator?.command).toEqual(['--services', 'simulator']);
    expect(simulator?.environment?.KAFKA_BROKERS).toBe('kafka:9092');
    expect(mosquitto?.image).toMatch(/^eclipse-mosquitto:/);
    expect(mosquitto?.volumes?.[0]).toMatch(/^\.\/mosquitto\/mosquitto\.conf:/);
    expect(fs.readFileSync(path.join(root, 'deploy/mosquitto/mosquitto.conf'), 'utf8')).toMatch(/^listener 1883$/m);
    expect(ingestion?.environment?.MQTT_URL).toBe('mqtt://mosquitto:1883');
    expect(Object.keys(ingestion?.depends_on ?? {})).toEqual(expect.arrayContaining(['kafka', 'postgres', 'mosquitto']));
  });

  it('has Prometheus scrape the simulator with the services', () => {
    const prometheus = fs.readFileSync(path.join(root, 'deploy/prometheus/prometheus.yml'), 'utf8');
    for (const target of ['ingestion:3001', 'forecasting:3002', 'dispatch:3003', 'settlement:3004', 'simulator:3005']) expect(prometheus).toContain(`- ${target}`);
  });
});

describe('Dockerfile', () => {
  it('builds on an exactly pinned Node.js image', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(pinned(image), image).toBe(true);
    expect(image).toMatch(/^node:20\.\d+\.\d+-/);
  });
});
