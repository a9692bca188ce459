/**
 * The first issue after start: tried until one is made, then made again while the fleet was still
 * arriving during it (a node read after the first issue would otherwise wait 15 minutes for a forecast),
 * and no more once the fleet held still through an issue.
 */
import { Writable } from 'node:stream';

import { create } from '@bufbuild/protobuf';
import { GridNodeSchema } from '@trottoir/contracts';
import { systemClock } from '@trottoir/kernel';
import { createLogger } from '@trottoir/observability';
import type { ConsumerSupervisor } from '@trottoir/service-runtime';

import type { ForecastCycle } from './cycle/forecast.cycle';
import { FleetView } from './fleet/fleet-view';
import type { ForecastingConfig } from './forecasting.config';
import { ForecastingRunner } from './forecasting.runner';
import type { WeatherIntake } from './weather/weather.intake';

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `runs` issues, then long enough for several more first-issue delays: none may come. */
async function settlesAt(cycle: { runs: number }, runs: number): Promise<void> {
  await vi.waitFor(() => expect(cycle.runs).toBeGreaterThanOrEqual(runs), { timeout: 10_000, interval: 10 });
  await sleep(200);
  expect(cycle.runs).toBe(runs);
}

/** A cycle that issues every time it runs, and lets the test change the fleet while it does. */
function fakeCycle(duringRun: (run: number) => void) {
  const cycle = {
    issuedCount: 0,
    standingBy: false,
    runs: 0,
    async run() {
      cycle.runs++;
      duringRun(cycle.runs);
      cycle.issuedCount++;
    },
  };
  return cycle;
}

function runnerOf(cycle: ReturnType<typeof fakeCycle>, fleet: FleetView): ForecastingRunner {
  const supervisor = { subscribe: async () => undefined } as unknown as ConsumerSupervisor;
  const config = { firstCycleDelayMs: 20, cycleDelayMs: 90_000 } as ForecastingConfig;
  return new ForecastingRunner(cycle as unknown as ForecastCycle, fleet, {} as WeatherIntake, supervisor, config, systemClock, createLogger({ service: 'forecasting', destination: silent }));
}

describe('ForecastingRunner, the first issue', () => {
  it('issues again while grid nodes keep arriving during an issue, then stops', async () => {
    const fleet = new FleetView();
    // Nodes arrive during the first two issues, not during the third.
    const cycle = fakeCycle((run) => {
      if (run <= 2) fleet.putGridNodes([create(GridNodeSchema, { nodeId: `n${run}` })]);
    });
    const runner = runnerOf(cycle, fleet);
    await runner.onApplicationBootstrap();
    await settlesAt(cycle, 3);
    await runner.onModuleDestroy();
  });

  it('issues once when the fleet holds still', async () => {
    const fleet = new FleetView();
    const cycle = fakeCycle(() => undefined);
    const runner = runnerOf(cycle, fleet);
    await runner.onApplicationBootstrap();
    await settlesAt(cycle, 1);
    await runner.onModuleDestroy();
  });

  it('stops trying a first issue while another replica holds the lease: it issues, this one stands by', async () => {
    const fleet = new FleetView();
    const cycle = fakeCycle(() => undefined);
    cycle.run = async () => {
      cycle.runs++;
      cycle.standingBy = true;
    };
    const runner = runnerOf(cycle, fleet);
    await runner.onApplicationBootstrap();
    await settlesAt(cycle, 1);
    await runner.onModuleDestroy();
  });

  it('gives up following a fleet that never holds still after three more issues', async () => {
    const fleet = new FleetView();
    const cycle = fakeCycle((run) => fleet.putGridNodes([create(GridNodeSchema, { nodeId: `n${run}` })]));
    const runner = runnerOf(cycle, fleet);
    await runner.onApplicationBootstrap();
    await settlesAt(cycle, 4);
    await runner.onModuleDestroy();
  });
});
