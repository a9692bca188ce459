/**
 * The terminal summary of `trottoir start`: each service's URL and readiness, redrawn in place on a
 * terminal, or one line every 30 s when the output is a file or a pipe.
 */
import type { RunningPlatform } from '@trottoir/service-runtime';

interface ServiceStatus {
  name: string;
  url: string;
  ready: string;
}

async function probe(url: string): Promise<string> {
  try {
    const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1500) });
    if (response.ok) return 'ready';
    const body = (await response.json()) as { checks?: Record<string, string> };
    const failing = Object.entries(body.checks ?? {}).filter(([, outcome]) => outcome !== 'ok');
    return `not ready (${failing.map(([name, outcome]) => `${name}: ${outcome}`).join('; ')})`;
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

/** Sum of the series of `name` whose labels contain `labelFilter` in a Prometheus text exposition. */
export function metricSum(metricsText: string, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const line of metricsText.split('\n')) {
    if ((line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(labelFilter)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function metricsOf(platform: RunningPlatform, service: string): Promise<string> {
  const running = platform.services.find((candidate) => candidate.name === service);
  if (!running) return '';
  // The timeout covers reading the body too: its rejection is caught here, not left to crash the process.
  return fetch(`${running.url}/metrics`, { signal: AbortSignal.timeout(1500) })
    .then((response) => response.text())
    .catch(() => '');
}

/** What flows: readings the simulator sent, what ingestion stored or set aside, segment liveness. */
async function flowLine(platform: RunningPlatform): Promise<string | undefined> {
  const [ingestion, simulator] = await Promise.all([metricsOf(platform, 'ingestion'), metricsOf(platform, 'simulator')]);
  if (!ingestion) return undefined;
  const parts = [
    simulator ? `simulated ${metricSum(simulator, 'trottoir_sim_readings_published_total')}` : undefined,
    `stored ${metricSum(ingestion, 'trottoir_ingest_readings_total', 'outcome="accepted"')}`,
    `dead-lettered ${metricSum(ingestion, 'trottoir_messages_dead_lettered_total')}`,
    `segments online ${metricSum(ingestion, 'trottoir_segments', 'state="online"')} / stale ${metricSum(ingestion, 'trottoir_segments', 'state="stale"')} / offline ${metricSum(ingestion, 'trottoir_segments', 'state="offline"')}`,
    `node states ${metricSum(ingestion, 'trottoir_node_state_published_total')}`,
  ];
  return `  telemetry: ${parts.filter(Boolean).join(', ')}`;
}

/** The forecaster: issues made, the latest one's age, and its rolling backtest's 1-hour skill once it has one. */
async function forecastLine(platform: RunningPlatform): Promise<string | undefined> {
  const forecasting = await metricsOf(platform, 'forecasting');
  if (!forecasting) return undefined;
  const issued = metricSum(forecasting, 'trottoir_forecast_cycles_total', 'outcome="ok"');
  if (issued === 0) return '  forecasts: none issued yet (first one ~20 s after the fleet is known, then every 15 min)';
  const ageS = Math.round(metricSum(forecasting, 'trottoir_forecast_age_seconds'));
  const skill = forecasting.includes('trottoir_forecast_backtest_skill{')
    ? `, 1 h skill vs smart persistence ${metricSum(forecasting, 'trottoir_forecast_backtest_skill', 'horizon="1h",reference="smart_persistence"').toFixed(2)}`
    : '';
  return `  forecasts: ${issued} issued, latest ${ageS}s old, dead-lettered weather ${metricSum(forecasting, 'trottoir_messages_dead_lettered_total')}${skill}`;
}

function render(platform: RunningPlatform, statuses: ServiceStatus[], flows: ReadonlyArray<string | undefined>): string[] {
  const uptimeS = Math.round(process.uptime());
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  return [
    `Trottoir — ${platform.transport === 'kafka' ? 'Kafka' : 'in-process bus'}, PostgreSQL ${redactPassword(platform.databaseUrl)} — up ${uptimeS}s, RSS ${rssMb} MB`,
    ...statuses.map((status) => `  ${status.name.padEnd(12)} ${status.url.padEnd(24)} ${status.ready}`),
    ...flows.filter((line): line is string => line !== undefined),
    '  endpoints: /health /ready /metrics — Ctrl-C stops',
  ];
}

export function redactPassword(databaseUrl: string): string {
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}

/** Starts the summary; returns a function that stops it. */
export function startLiveSummary(platform: RunningPlatform, out: NodeJS.WriteStream = process.stdout): () => void {
  const interactive = Boolean(out.isTTY);
  let drawnLines = 0;
  let stopped = false;
  const draw = async () => {
    const [statuses, flows] = await Promise.all([
      Promise.all(platform.services.map(async (service) => ({ name: service.name, url: service.url, ready: await probe(service.url) }))),
      Promise.all([flowLine(platform), forecastLine(platform)]),
    ]);
    if (stopped) return;
    const lines = render(platform, statuses, flows);
    if (interactive && drawnLines > 0) out.write(`\x1b[${drawnLines}A\x1b[0J`);
    out.write(`${lines.join('\n')}\n`);
    drawnLines = interactive ? lines.length : 0;
  };
  void draw();
  const timer = setInterval(() => void draw(), interactive ? 2000 : 30000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
