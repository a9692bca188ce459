/**
 * The child process of `childHoldingLease` (lease-holder.ts): takes the lease LEASE on DATABASE_URL as a
 * replica of its own, prints `{"epoch":…}` on stdout once it holds it, and then does nothing until the
 * parent SIGKILLs it (no shutdown hook runs: only the server sees its connection close).
 */
import { createPgPool } from '@trottoir/persistence';
import { PgLeases } from '@trottoir/service-runtime';

async function main(): Promise<void> {
  const pool = createPgPool(process.env.DATABASE_URL ?? '', { max: 1 });
  const leases = new PgLeases(pool, { holder: 'killed-replica', sessionTimeoutMs: 30_000 });
  for (;;) {
    const term = await leases.lease(process.env.LEASE ?? '').acquire();
    if (term) {
      process.stdout.write(`${JSON.stringify({ epoch: term.epoch })}\n`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
