/** `npm run soak` options, checked before anything starts. */
import { parseArgs } from 'node:util';

export interface SoakOptions {
  minutes: number;
  segments: number;
  /** A broker is SIGKILLed this often (the next node each time), and restarted `brokerDownS` later. */
  killBrokerEveryMin: number;
  brokerDownS: number;
  /** A service is restarted (SIGINT, then started again) this often, the next one of RESTARTED each time. */
  restartEveryMin: number;
  sampleEveryS: number;
  databaseUrl: string;
}

export const USAGE = `usage: npm run soak -- [--minutes 30] [--segments 10000] [--kill-broker-every 10] [--broker-down 60]
                     [--restart-every 15] [--sample-every 15] [--database-url postgres://…]

Runs the platform (ingestion, forecasting, dispatch, settlement and the simulator, one process each) on a
3-broker Kafka cluster and a throwaway PostgreSQL database for --minutes, SIGKILLs a broker every
--kill-broker-every minutes (restarted --broker-down seconds later) and restarts a service every
--restart-every minutes (ingestion, dispatch, forecasting, settlement in turn). Samples every service's RSS
and ingestion's consumer lag every --sample-every seconds; at the end stops the simulator, waits for the
pipeline to drain and compares what Kafka acknowledged with what PostgreSQL stored. Progress on stderr;
one JSON line on stdout:
{"minutes":…,"segments":…,"lost":…,"rssSlopeMbPerHour":{…},"p99Ms":…, …}
Not part of npm test.`;

export function parseSoakOptions(argv: string[]): SoakOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '30' },
      segments: { type: 'string', default: '10000' },
      'kill-broker-every': { type: 'string', default: '10' },
      'broker-down': { type: 'string', default: '60' },
      'restart-every': { type: 'string', default: '15' },
      'sample-every': { type: 'string', default: '15' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const number = (name: keyof typeof values, min: number): number => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${String(values[name])}"`);
    return value;
  };
  return {
    minutes: number('minutes', 1),
    segments: number('segments', 1),
    killBrokerEveryMin: number('kill-broker-every', 1),
    brokerDownS: number('broker-down', 1),
    restartEveryMin: number('restart-every', 1),
    sampleEveryS: number('sample-every', 1),
    databaseUrl: String(values['database-url']),
  };
}
