/** `trottoir`: the one command-line tool of the platform. Each subcommand lives in ./commands. */
import { allTopics } from '@trottoir/contracts';
import { createMessageBus } from '@trottoir/messaging';
import { Command } from 'commander';

import { registerDispatchCommand } from './commands/dispatch.command';
import { registerDlqCommand } from './commands/dlq.command';
import { registerFleetCommand } from './commands/fleet.command';
import { registerForecastCommand } from './commands/forecast.command';
import { registerInfraCommand } from './commands/infra.command';
import { registerSettleCommand } from './commands/settle.command';
import { registerSolarCommand } from './commands/solar.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerStartCommand } from './commands/start.command';
import { registerTokenCommand } from './commands/token.command';

async function createTopics(brokers: string): Promise<void> {
  const bus = createMessageBus({ brokers: brokers.split(','), clientId: 'trottoir-cli' });
  try {
    await bus.ensureTopics(allTopics);
  } finally {
    await bus.close();
  }
}

const program = new Command('trottoir')
  .description('Trottoir: solar sidewalk segments steered as one virtual power plant')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerStartCommand(program);
registerFleetCommand(program);
registerDlqCommand(program);
registerInfraCommand(program, { createTopics });
registerSolarCommand(program);
registerSimulateCommand(program);
registerForecastCommand(program);
registerSettleCommand(program);
registerDispatchCommand(program);
registerTokenCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`trottoir: ${(error as Error).message}\n`);
  process.exit(1);
});
