/**
 * Child process of the outbox crash proof. Env: DATABASE_URL, NODE_ID, MODE.
 * - MODE=register: the real registry use case on PostgreSQL registers grid node NODE_ID; the relay it
 *   flushes right after the commit kills this process first (SIGKILL): a crash between the database
 *   write and the Kafka publish.
 * - MODE=relay: a relay over the PostgreSQL outbox whose bus never answers; prints `publishing` once it
 *   holds the outbox, and waits there to be killed (a crash in the middle of the publish).
 */
import { create } from '@bufbuild/protobuf';
import { GridNodeKind, GridNodeSchema, toJsonValue } from '@trottoir/contracts';
import { FleetRegistry } from '@trottoir/fleet';
import { InProcessMessageBus, OutboxRelay } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { createPgPool, PgOutboxStore } from '@trottoir/persistence';
import { ConsumerSupervisor, ReadinessRegistry } from '@trottoir/service-runtime';

import { RegistryPublisher } from '../registry.publisher';
import { RegistryService } from '../registry.service';
import { PgRegistryStore } from '../registry-store.pg';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const never = new Promise<never>(() => undefined);

async function register(): Promise<void> {
  const pool = createPgPool(env('DATABASE_URL'), { max: 2, applicationName: 'registry-crash-fixture' });
  const logger = createLogger({ service: 'ingestion' });
  const killedBeforePublish = {
    flush: (): Promise<number> => {
      process.kill(process.pid, 'SIGKILL');
      return never;
    },
  };
  const service = new RegistryService(
    new FleetRegistry(),
    new PgRegistryStore(pool),
    new RegistryPublisher(killedBeforePublish),
    logger,
    new ConsumerSupervisor('ingestion', new InProcessMessageBus(), logger, new Registry(), new ReadinessRegistry(), 'crash-fixture'),
  );
  await service.onModuleInit();
  const node = create(GridNodeSchema, { nodeId: env('NODE_ID'), kind: GridNodeKind.PRIMARY_SUBSTATION, ratedLimitW: 40_000_000, dsoId: 'enedis', name: 'crash' });
  await service.putGridNode(node.nodeId, toJsonValue(GridNodeSchema, node));
  throw new Error('the relay should have killed this process');
}

async function relayThatHangs(): Promise<void> {
  const pool = createPgPool(env('DATABASE_URL'), { max: 2, applicationName: 'registry-crash-fixture' });
  const hanging = {
    publishRecords: (): Promise<void> => {
      process.stdout.write('publishing\n');
      return never;
    },
  };
  await new OutboxRelay(new PgOutboxStore(pool), hanging).flush();
}

(process.env.MODE === 'relay' ? relayThatHangs() : register()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
