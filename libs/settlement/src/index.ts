/**
 * @trottoir/settlement: the pure core of settlement — baselines (10of10, nodes5, pjm-same-day, mbma,
 * curtailed-pv), delivered flexibility and its money in integer cents, and the energy allocation keys of
 * collective self-consumption. Plain functions over plain data: no clock, no I/O (see README.md).
 */
export * from './errors';
export * from './meter-series';
export { apportion, ispEnergyWh, roundHalfAwayFromZero, roundMilliW, splitProRata } from './exact';
export * from './baseline/baseline.types';
export * from './baseline/baseline-calendar';
export * from './baseline/meter-baseline';
export { TEN_OF_TEN, tenOfTenBaseline } from './baseline/ten-of-ten';
export { NODES5_DAYS, nodes5Baseline } from './baseline/nodes5';
export * from './baseline/pjm-same-day';
export * from './baseline/mbma';
export * from './baseline/curtailed-pv';
export * from './baseline/curtailed-pv-node';
export * from './delivery/money';
export * from './delivery/order-settlement';
export * from './delivery/segment-shares';
export { allocateProrata, allocateStatic } from './allocation/allocation-keys';
export * from './allocation/energy-allocation';
export * from './statement/canonical-json';
export * from './statement/document-diff';
export * from './statement/statement-version';
export * from './statement/order-statement';
export * from './statement/statement-csv';
export * from './statement/allocation-statement';
