/** OrganiserData in memory: the embedded default's twin of the PostgreSQL adapter, same contract. */
import type { ConsumptionIsp, IspShares, OrganiserData } from './organiser-data.port';

type Records = Map<string, { recordedAt: number; value: number }>;

/** Keeps a value unless one recorded at the same instant or later is there (as on PostgreSQL: newest wins, a replay changes nothing). */
function put(records: Records, key: string, recordedAt: number, value: number): void {
  const current = records.get(key);
  if (!current || current.recordedAt < recordedAt) records.set(key, { recordedAt, value });
}

function* inWindow(records: Records, nodeId: string, fromTs: number, toTs: number): Generator<[string, number, number]> {
  for (const [key, { value }] of records) {
    const [node, participant, ts] = key.split('\u0000');
    const ispStart = Number(ts);
    if (node === nodeId && ispStart >= fromTs && ispStart < toTs) yield [participant, ispStart, value];
  }
}

export class InMemoryOrganiserData implements OrganiserData {
  private readonly consumed: Records = new Map();
  private readonly shared: Records = new Map();

  async recordConsumption(nodeId: string, participant: string, isps: readonly ConsumptionIsp[], recordedAt: number): Promise<void> {
    for (const { ispStart, powerW } of isps) put(this.consumed, `${nodeId}\u0000${participant}\u0000${ispStart}`, recordedAt, powerW);
  }

  async recordShares(nodeId: string, isps: readonly IspShares[], recordedAt: number): Promise<void> {
    for (const { ispStart, shares } of isps) for (const [participant, share] of Object.entries(shares)) put(this.shared, `${nodeId}\u0000${participant}\u0000${ispStart}`, recordedAt, share);
  }

  async consumption(nodeId: string, fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    for (const [participant, ispStart, powerW] of inWindow(this.consumed, nodeId, fromTs, toTs)) {
      if (!out.has(participant)) out.set(participant, new Map());
      out.get(participant)?.set(ispStart, powerW);
    }
    return out;
  }

  async shares(nodeId: string, fromTs: number, toTs: number): Promise<Map<number, Map<string, number>>> {
    const out = new Map<number, Map<string, number>>();
    for (const [participant, ispStart, share] of inWindow(this.shared, nodeId, fromTs, toTs)) {
      if (!out.has(ispStart)) out.set(ispStart, new Map());
      out.get(ispStart)?.set(participant, share);
    }
    return out;
  }
}
