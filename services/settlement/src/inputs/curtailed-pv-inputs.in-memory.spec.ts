/** InMemoryCurtailedPvInputs against the contract its PostgreSQL twin meets. */
import { ISP_MS } from '@trottoir/kernel';

import { describeCurtailedPvInputsContract } from './curtailed-pv-inputs.contract';
import { InMemoryCurtailedPvInputs } from './curtailed-pv-inputs.in-memory';

describeCurtailedPvInputsContract('in memory', {
  open: async (world) => {
    const inputs = new InMemoryCurtailedPvInputs();
    for (const [nodeId, parentId] of world.nodes) inputs.node(nodeId, parentId ?? undefined);
    for (const [segmentId, nodeId] of world.segments) inputs.segment(segmentId, nodeId);
    for (const [segmentId, ts, powerW] of world.pv) inputs.pv(segmentId, ts, powerW);
    for (const [segmentId, ts] of world.limits) inputs.limit(segmentId, ts);
    for (const { segmentId, issuedAt, startTs, p50W } of world.forecasts) inputs.forecast(segmentId, issuedAt, new Map(p50W.map((w, i) => [startTs + i * ISP_MS, w])));
    return inputs;
  },
});
