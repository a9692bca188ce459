/**
 * @trottoir/flexibility: the dispatch problem of issue 10 §2 and its solvers, pure. Parse a problem
 * (file format version 1), solve it (merit order, full LP or aggregated LP, through the LP port that
 * HiGHS implements), check setpoints before they leave, and recompute what setpoints deliver and cost.
 */
export { DISPATCH_PROBLEM_VERSION } from './problem';
export type { BatteryBlock, DispatchNode, DispatchProblem, DispatchSegment, EvBlock, LightsBlock, OrderedIsp, PvBlock } from './problem';
export { DispatchProblemError, parseDispatchProblem } from './problem.parse';
export { formatDispatchSolution, roundCost, roundPct, roundW, roundWh, sortSetpoints } from './solution';
export type { DispatchSetpoint, DispatchSolution, DispatchStatus, SolverMethod } from './solution';
export { commandedChangesW, evaluateSetpoints } from './schedule';
export type { CommandedChange, DispatchEvaluation } from './schedule';
export { checkSetpoints, ENERGY_TOLERANCE_WH_PER_ISP, POWER_TOLERANCE_W } from './safety-check';
export type { SetpointViolation, ViolationRule } from './safety-check';
export { chooseMethod, solveDispatchProblem } from './solve';
export type { SolveOptions } from './solve';
export { isDecoupled } from './merit-order';
export { loadHighsSolver } from './lp/highs.solver';
export type { LinearProgram, LpResult, LpSolver, LpStatus } from './lp/lp-solver';
export { DEFAULT_LEVER_COSTS, segmentRatingsOf } from './planning/planning-inputs';
export type { LeverCosts, LiveReading, NodeFlowForecast, SegmentRatings } from './planning/planning-inputs';
export { flexibilityNow } from './planning/flexibility-now';
export type { FlexibilityNow } from './planning/flexibility-now';
export { forecastMean, planDispatchProblem } from './planning/problem-planner';
export type { AvailableSegment, PlanFleet, PlannedProblem, PlanRequest } from './planning/problem-planner';
export { centsPerMWh, offerFromSolution, roundCents } from './trading/offer';
export type { OfferDraft, OfferedIsp, OfferTerms, RequestedIsp } from './trading/offer';
export { checkOrder } from './trading/order-check';
export type { OrderRefusal, OrderRefusalCode, OrderToCheck, StoredOffer } from './trading/order-check';
export { askForResponse, ispDelivery, remainingDeltaW } from './trading/delivery';
export type { IspDelivery } from './trading/delivery';
