// Every migration, in order, listed as classes: code runs through SWC in memory, so there are no
// compiled files for a glob to find. A new migration is added here as well as in its own file.
import { Registry1764500000000 } from './1764500000000-registry';
import { Telemetry1764500100000 } from './1764500100000-telemetry';
import { SegmentDetails1764500200000 } from './1764500200000-segment-details';
import { Forecasts1764500300000 } from './1764500300000-forecasts';
import { RollupRefreshPerTable1764500400000 } from './1764500400000-rollup-refresh-per-table';
import { Flexibility1764500500000 } from './1764500500000-flexibility';
import { Access1764500600000 } from './1764500600000-access';
import { Settlement1764500750000 } from './1764500750000-settlement';
import { SettlementOrganiserData1764500760000 } from './1764500760000-settlement-organiser-data';
import { DataLifecycle1764500870000 } from './1764500870000-data-lifecycle';
import { ServiceLease1764500880000 } from './1764500880000-service-lease';
import { ForecasterCheckpoint1764500900000 } from './1764500900000-forecaster-checkpoint';
import { FlexOrderTracking1764500910000 } from './1764500910000-flex-order-tracking';
import { ForecasterCheckpointStorage1764500920000 } from './1764500920000-forecaster-checkpoint-storage';

export const MIGRATIONS = [Registry1764500000000, Telemetry1764500100000, SegmentDetails1764500200000, Forecasts1764500300000, RollupRefreshPerTable1764500400000, Flexibility1764500500000, Access1764500600000, Settlement1764500750000, SettlementOrganiserData1764500760000, DataLifecycle1764500870000, ServiceLease1764500880000, ForecasterCheckpoint1764500900000, FlexOrderTracking1764500910000, ForecasterCheckpointStorage1764500920000];
