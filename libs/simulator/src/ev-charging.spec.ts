import { create } from '@bufbuild/protobuf';
import { EvConnectorSchema, EvCurrentType, SegmentKind } from '@trottoir/contracts';

import { arrivalRatePerHour, stepEvCharging } from './ev-charging';
import type { ConnectorState } from './ev-charging';
import { Prng } from '@trottoir/kernel';

const connector = (maxPowerW: number) => create(EvConnectorSchema, { connectorId: '1', maxPowerW, current: EvCurrentType.AC });

describe('EV charging', () => {
  it('sees commuters arrive at car parks on weekday mornings, not at night', () => {
    expect(arrivalRatePerHour(SegmentKind.CAR_PARK, EvCurrentType.AC, 8)).toBeGreaterThan(10 * arrivalRatePerHour(SegmentKind.CAR_PARK, EvCurrentType.AC, 3));
    expect(arrivalRatePerHour(SegmentKind.CAR_PARK, EvCurrentType.AC, 5 * 24 + 8)).toBeLessThan(arrivalRatePerHour(SegmentKind.CAR_PARK, EvCurrentType.AC, 8));
  });

  it('charges at the lowest of connector, car and need, and shares a setpoint limit between the cars', () => {
    const connectors: ConnectorState[] = [
      { connector: connector(22_000), session: { departureTs: 10 * 3_600_000, remainingWh: 20_000, vehicleMaxW: 11_000 } },
      { connector: connector(7_400), session: { departureTs: 10 * 3_600_000, remainingWh: 20_000, vehicleMaxW: 22_000 } },
    ];
    const local = { hour: 3, hourOfWeek: 3 };
    expect(stepEvCharging(connectors, SegmentKind.CAR_PARK, local, 0, 0.25, undefined, new Prng(1))).toEqual({ powerW: 18_400, sessionsActive: 2 });
    expect(stepEvCharging(connectors, SegmentKind.CAR_PARK, local, 0, 0.25, 9_200, new Prng(1)).powerW).toBeCloseTo(9_200, 6);
  });

  it('frees the connector when the car leaves and stops charging once the need is met', () => {
    const connectors: ConnectorState[] = [{ connector: connector(22_000), session: { departureTs: 3_600_000, remainingWh: 1_000, vehicleMaxW: 22_000 } }];
    const local = { hour: 3, hourOfWeek: 3 };
    expect(stepEvCharging(connectors, SegmentKind.URBAN_STREET, local, 0, 1, undefined, new Prng(1)).powerW).toBe(1_000);
    expect(stepEvCharging(connectors, SegmentKind.URBAN_STREET, local, 1_000, 1, undefined, new Prng(1))).toEqual({ powerW: 0, sessionsActive: 1 });
    const afterDeparture = stepEvCharging(connectors, SegmentKind.URBAN_STREET, local, 3_600_000, 1 / 3_600, undefined, new Prng(1));
    expect(afterDeparture.sessionsActive).toBe(0);
  });
});
