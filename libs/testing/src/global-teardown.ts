// Teardown of the integration tests' global setup: stops what the global setup started, and only that.
import { takeStarted } from './infra-handles';

export default async function globalTeardown(): Promise<void> {
  const started = takeStarted();
  const results = await Promise.allSettled(started.map((component) => component.stop()));
  const failures = results.flatMap((result, i) => (result.status === 'rejected' ? [`${started[i]?.name}: ${String(result.reason)}`] : []));
  if (failures.length > 0) throw new Error(`stopping test infrastructure failed:\n${failures.join('\n')}`);
}
