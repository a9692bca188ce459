/** The services `trottoir start` can run, by name, in their fixed port order (base port + 0…4). */
import { dispatchService } from '@trottoir/dispatch-service';
import { forecastingService } from '@trottoir/forecasting-service';
import { ingestionService } from '@trottoir/ingestion-service';
import { settlementService } from '@trottoir/settlement-service';
import { simulatorService } from '@trottoir/simulator-service';
import type { ServiceDefinition } from '@trottoir/service-runtime';

/** The simulator comes last: it publishes its city and telemetry once the services listen. */
export const allServices: readonly ServiceDefinition[] = [ingestionService, forecastingService, dispatchService, settlementService, simulatorService];

export class UnknownServiceError extends Error {}

/** Parses `ingestion,dispatch` into definitions, refusing unknown names with the list of known ones. */
export function selectServices(list: string | undefined): ServiceDefinition[] {
  if (!list) return [...allServices];
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !allServices.some((service) => service.name === name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UnknownServiceError(`unknown service(s): ${unknown.join(', ') || '(none given)'}; known: ${allServices.map((s) => s.name).join(', ')}`);
  }
  return allServices.filter((service) => names.includes(service.name));
}
