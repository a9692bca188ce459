/**
 * The Kubernetes manifests as a cluster would receive them: every overlay rendered by `kubectl kustomize`
 * (kustomize v2.0.3 inside kubectl 1.20 and v5 in current kubectl render them alike; see
 * support/kubectl.ts for where kubectl comes from), then checked object by object: one Deployment per
 * service (the simulator in dev only), probes, resources tied to the V8 heap cap, PodDisruptionBudgets,
 * NetworkPolicies, and in prod the ingestion HorizontalPodAutoscaler, the Kafka CA and SASL, the
 * ServiceMonitor and a PrometheusRule equal to deploy/prometheus/trottoir.rules.yml.
 */
import fs from 'node:fs';
import path from 'node:path';

import { topics } from '@trottoir/contracts';
import { parse, parseAllDocuments } from 'yaml';

import { kustomize } from './support/kubectl';

const root = path.resolve(__dirname, '../..');
const SERVICES = ['ingestion', 'forecasting', 'dispatch', 'settlement'] as const;
const PORTS: Record<string, number> = { ingestion: 3001, forecasting: 3002, dispatch: 3003, settlement: 3004, simulator: 3005 };
/** Ingestion's max RSS at 100,000 segments with the heap cap of its manifest (README, `npm run bench:ingest`). */
const INGESTION_MEASURED_RSS_MIB = 467e6 / 2 ** 20;
/** Dispatch's peak RSS taking an order for 100,000 segments under one node (README, `npm run bench:dispatch`: an upper bound). */
const DISPATCH_MEASURED_RSS_MIB = 1278e6 / 2 ** 20;
/** Settlement's peak RSS settling a month of 10,000 segments (README, `npm run bench:settle`). */
const SETTLEMENT_MEASURED_RSS_MIB = 527e6 / 2 ** 20;
/** Room outside the V8 old space and young generation: code, Buffers, the Kafka client, native memory. */
const NON_HEAP_MIB = 128;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  tty?: boolean;
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean }; volumes?: { name: string; emptyDir?: unknown; secret?: { secretName: string } }[] };
  };
}

function render(overlay: string): K8sObject[] {
  return parseAllDocuments(kustomize(path.join(root, 'k8s/overlays', overlay)))
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
const deploymentSpec = (object: K8sObject) => object.spec as unknown as DeploymentSpec;
const containerOf = (object: K8sObject) => deploymentSpec(object).template.spec.containers[0];
const envOf = (container: Container, name: string) => container.env?.find((variable) => variable.name === name);

/** Kubernetes quantities in MiB (Mi, Gi) or cores (m, plain). */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`not a Mi/Gi quantity: ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
function cores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}
function heapFlags(container: Container): { oldSpaceMib: number; semiSpaceMib: number } {
  const options = envOf(container, 'NODE_OPTIONS')?.value ?? '';
  const oldSpace = /--max-old-space-size=(\d+)/.exec(options);
  const semiSpace = /--max-semi-space-size=(\d+)/.exec(options);
  if (!oldSpace || !semiSpace) throw new Error(`${container.name}: NODE_OPTIONS="${options}" does not cap the V8 heap`);
  return { oldSpaceMib: Number(oldSpace[1]), semiSpaceMib: Number(semiSpace[1]) };
}

describe.each([
  { overlay: 'dev', namespace: 'trottoir-dev', deployments: [...SERVICES, 'simulator'] },
  { overlay: 'prod', namespace: 'trottoir', deployments: [...SERVICES] },
])('k8s overlay $overlay, rendered', ({ overlay, namespace, deployments }) => {
  const objects = render(overlay);
  const deploymentsByName = new Map(ofKind(objects, 'Deployment').map((object) => [object.metadata.name, object]));

  it('has one Deployment per service, each running its service, all in the namespace', () => {
    expect([...deploymentsByName.keys()].sort()).toEqual(deployments.map((name) => `trottoir-${name}`).sort());
    for (const name of deployments) {
      const deployment = deploymentsByName.get(`trottoir-${name}`) as K8sObject;
      expect(deploymentSpec(deployment).template.spec.containers).toHaveLength(1);
      expect(containerOf(deployment).args).toEqual(['--services', name]);
      expect(containerOf(deployment).ports).toEqual([{ name: 'http', containerPort: PORTS[name], protocol: 'TCP' }]);
    }
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
  });

  it('probes every service: start-up and liveness on /health, readiness on /ready, on the http port', () => {
    for (const deployment of deploymentsByName.values()) {
      const container = containerOf(deployment);
      expect(container.startupProbe?.httpGet, deployment.metadata.name).toEqual({ path: '/health', port: 'http' });
      expect(container.livenessProbe?.httpGet, deployment.metadata.name).toEqual({ path: '/health', port: 'http' });
      expect(container.readinessProbe?.httpGet, deployment.metadata.name).toEqual({ path: '/ready', port: 'http' });
    }
  });

  it('gives every container requests and limits, and a V8 heap cap that fits in its memory limit', () => {
    for (const deployment of deploymentsByName.values()) {
      const { requests, limits } = containerOf(deployment).resources ?? {};
      const name = deployment.metadata.name;
      expect(requests && limits, name).toBeTruthy();
      const limitMib = mebibytes(limits?.memory ?? '');
      expect(mebibytes(requests?.memory ?? ''), name).toBeLessThanOrEqual(limitMib);
      expect(cores(requests?.cpu ?? 'NaN'), name).toBeLessThanOrEqual(cores(limits?.cpu ?? 'NaN'));
      const { oldSpaceMib, semiSpaceMib } = heapFlags(containerOf(deployment));
      // V8's young generation is up to three semi-spaces; the rest needs room of its own.
      expect(oldSpaceMib + 3 * semiSpaceMib + NON_HEAP_MIB, `${name}: heap cap against the ${limitMib} MiB limit`).toBeLessThanOrEqual(limitMib);
      // A cap far below the limit wastes what the pod reserved; far above, the kernel kills before V8 collects.
      expect(oldSpaceMib, name).toBeGreaterThanOrEqual(limitMib * 0.35);
    }
    const ingestion = containerOf(deploymentsByName.get('trottoir-ingestion') as K8sObject);
    if (overlay === 'prod') {
      // Sized from the measurement, with a fifth of headroom.
      expect(mebibytes(ingestion.resources?.limits?.memory ?? '')).toBeGreaterThanOrEqual(INGESTION_MEASURED_RSS_MIB * 1.2);
      expect(heapFlags(ingestion)).toEqual({ oldSpaceMib: 320, semiSpaceMib: 32 });
      const dispatch = containerOf(deploymentsByName.get('trottoir-dispatch') as K8sObject);
      expect(mebibytes(dispatch.resources?.limits?.memory ?? '')).toBeGreaterThanOrEqual(DISPATCH_MEASURED_RSS_MIB * 1.2);
      const settlement = containerOf(deploymentsByName.get('trottoir-settlement') as K8sObject);
      expect(mebibytes(settlement.resources?.limits?.memory ?? '')).toBeGreaterThanOrEqual(SETTLEMENT_MEASURED_RSS_MIB * 1.2);
    }
  });

  it('runs read-only and unprivileged, writing only to an emptyDir on /tmp and logging to stdout', () => {
    for (const deployment of deploymentsByName.values()) {
      const spec = deploymentSpec(deployment).template.spec;
      const container = containerOf(deployment);
      expect(spec.securityContext?.runAsNonRoot, deployment.metadata.name).toBe(true);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(spec.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir, deployment.metadata.name).toBeDefined();
      // `trottoir start` logs JSON to stdout unless given a file or a terminal.
      expect(container.tty, deployment.metadata.name).toBeUndefined();
      expect(container.args?.join(' '), deployment.metadata.name).not.toContain('--log-file');
    }
  });

  it('reads the generated ConfigMap and the Secrets by name, with no secret value in the manifests', () => {
    const configMaps = ofKind(objects, 'ConfigMap').map((object) => object.metadata.name);
    for (const deployment of deploymentsByName.values()) {
      for (const source of containerOf(deployment).envFrom ?? []) expect(configMaps).toContain(source.configMapRef?.name);
    }
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('has a Service and a PodDisruptionBudget selecting each Deployment\'s pods', () => {
    for (const deployment of deploymentsByName.values()) {
      const podLabels = deploymentSpec(deployment).template.metadata.labels;
      const service = ofKind(objects, 'Service').find((object) => object.metadata.name === deployment.metadata.name);
      const selector = (service?.spec as { selector: Record<string, string> } | undefined)?.selector ?? { none: 'none' };
      expect(podLabels, deployment.metadata.name).toMatchObject(selector);
      const budget = ofKind(objects, 'PodDisruptionBudget').find((object) => object.metadata.name === deployment.metadata.name);
      expect(budget?.apiVersion).toBe('policy/v1');
      expect(podLabels).toMatchObject((budget?.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels);
    }
  });

  it('denies ingress to the Trottoir pods but for their http port', () => {
    const policies = ofKind(objects, 'NetworkPolicy').map((object) => object.spec as { podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; ingress?: { ports?: { port: string | number }[] }[] });
    const selectsAll = (policy: (typeof policies)[number]) => policy.podSelector.matchLabels['app.kubernetes.io/part-of'] === 'trottoir';
    expect(policies.some((policy) => selectsAll(policy) && policy.policyTypes.includes('Ingress') && policy.ingress === undefined)).toBe(true);
    const allowed = policies.filter(selectsAll).flatMap((policy) => policy.ingress ?? []);
    expect(allowed.length).toBeGreaterThan(0);
    for (const rule of allowed) expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
    for (const deployment of deploymentsByName.values()) expect(deploymentSpec(deployment).template.metadata.labels['app.kubernetes.io/part-of']).toBe('trottoir');
  });

  if (overlay === 'prod') {
    it('scales ingestion with a HorizontalPodAutoscaler, within the partitions of telemetry.raw.v1, and leaves it the replica count', () => {
      const [hpa] = ofKind(objects, 'HorizontalPodAutoscaler');
      const spec = hpa?.spec as { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: { type: string; resource?: { name: string } }[] };
      expect(hpa?.apiVersion).toBe('autoscaling/v2');
      expect(spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'trottoir-ingestion' });
      expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(spec.maxReplicas).toBeLessThanOrEqual(topics.telemetryRaw.partitions);
      expect(spec.metrics.map((metric) => metric.resource?.name ?? metric.type)).toContain('cpu');
      expect(deploymentSpec(deploymentsByName.get('trottoir-ingestion') as K8sObject).replicas).toBeUndefined();
      for (const name of ['forecasting', 'dispatch', 'settlement']) expect(deploymentSpec(deploymentsByName.get(`trottoir-${name}`) as K8sObject).replicas).toBeGreaterThanOrEqual(2);
    });

    it('talks to Kafka over TLS with the cluster\'s CA (KAFKA_SSL_CA_FILE on a mounted Secret) and required SASL credentials', () => {
      const [config] = ofKind(objects, 'ConfigMap');
      expect(config.data).toMatchObject({ KAFKA_TLS: 'true' });
      const caFile = config.data?.KAFKA_SSL_CA_FILE ?? '';
      expect(caFile).toMatch(/^\//);
      for (const deployment of deploymentsByName.values()) {
        const container = containerOf(deployment);
        const mount = container.volumeMounts?.find((candidate) => caFile.startsWith(`${candidate.mountPath}/`));
        const volume = deploymentSpec(deployment).template.spec.volumes?.find((candidate) => candidate.name === mount?.name);
        expect(volume?.secret?.secretName, deployment.metadata.name).toBe('trottoir-kafka-ca');
        for (const name of ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
          expect(envOf(container, name)?.valueFrom?.secretKeyRef, `${deployment.metadata.name} ${name}`).toMatchObject({ name: 'trottoir-kafka-sasl', optional: false });
        }
      }
    });

    it('has a ServiceMonitor on every service\'s http port, as job "trottoir", and a PrometheusRule equal to deploy/prometheus/trottoir.rules.yml', () => {
      const [monitor] = ofKind(objects, 'ServiceMonitor');
      const spec = monitor?.spec as { jobLabel: string; selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string; honorLabels?: boolean }[] };
      expect(spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics', honorLabels: true })]);
      const rulesText = fs.readFileSync(path.join(root, 'deploy/prometheus/trottoir.rules.yml'), 'utf8');
      const services = ofKind(objects, 'Service');
      expect(services.length).toBe(SERVICES.length);
      for (const service of services) {
        expect(service.metadata.labels).toMatchObject(spec.selector.matchLabels);
        // The rules name the job `trottoir`: the ServiceMonitor takes it from this label of each Service.
        expect(service.metadata.labels?.[spec.jobLabel]).toBe('trottoir');
      }
      expect(rulesText).toContain('job="trottoir"');
      const [rule] = ofKind(objects, 'PrometheusRule');
      expect(rule?.spec, 'k8s/monitoring/prometheus-rule.yaml is stale: run node tools/scripts/k8s-prometheus-rule.mjs').toEqual(parse(rulesText));
    });

    it('runs a released image pinned to an exact version', () => {
      for (const deployment of deploymentsByName.values()) expect(containerOf(deployment).image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+$/);
    });
  } else {
    it('runs the locally built image and no Prometheus Operator objects (a laptop cluster seldom has the CRDs)', () => {
      for (const deployment of deploymentsByName.values()) expect(containerOf(deployment).image).toBe('trottoir:dev');
      expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
      expect(ofKind(objects, 'PrometheusRule')).toEqual([]);
    });
  }
});
