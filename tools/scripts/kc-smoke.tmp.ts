import { startKafkaCluster, describePartitions } from '@trottoir/local-stack';
import { createMessageBus } from '@trottoir/messaging';
import fs from 'node:fs';
async function main() {
  const dir = fs.mkdtempSync('/tmp/kc-smoke/c-');
  const t0 = Date.now();
  const cluster = await startKafkaCluster({ dataDir: dir, nodeCount: 3, attached: true });
  console.log('up in', Date.now() - t0, cluster.brokers, cluster.nodes().map((n) => n.pid));
  try {
    const bus = createMessageBus({ brokers: cluster.brokers.split(','), clientId: 'smoke' });
    await bus.ensureTopics([{ name: 'smoke.x.v1', partitions: 3, cleanupPolicy: 'delete' } as never]);
    console.log(await describePartitions(cluster.brokers, 'smoke.x.v1'));
    await bus.close();
  } finally { await cluster.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
}
main().catch((e) => { console.error(e); process.exit(1); });
