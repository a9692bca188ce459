/**
 * The organiser's uploads, checked before anything is stored: every ISP a 15-minute start, every power a
 * finite W ≥ 0, every share from 0 to 1 with Σ ≤ 1 per ISP, participant names the statement ids can carry
 * and not the two the segments meter (their consumption is metered, not fed in). Each problem is named.
 */
import { ISP_MS } from '@trottoir/kernel';

import { METERED_PARTICIPANTS, PARTICIPANT_NAME } from '../settlement.config';
import type { ConsumptionIsp, IspShares } from './organiser-data.port';

/** What one request may carry: a month of one participant's quarter-hours with room to spare, under the 100 kB body limit. */
export const MAX_ISPS_PER_REQUEST = 2_000;

export class OrganiserDataError extends Error {}

function ispStartOf(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value % ISP_MS !== 0) throw new OrganiserDataError(`${where}.ispStart: expected epoch ms of the start of a 15-minute ISP, got ${JSON.stringify(value)}`);
  return value;
}

function ispsOf(body: unknown, what: string): unknown[] {
  const isps = (body as { isps?: unknown } | null | undefined)?.isps;
  if (!Array.isArray(isps) || isps.length === 0) throw new OrganiserDataError(`expected { "isps": [${what}, …] } with at least one ISP`);
  if (isps.length > MAX_ISPS_PER_REQUEST) throw new OrganiserDataError(`${isps.length} ISPs in one request: send at most ${MAX_ISPS_PER_REQUEST} per request`);
  return isps;
}

function noRepeat(starts: number[]): void {
  const seen = new Set<number>();
  for (const ts of starts) {
    if (seen.has(ts)) throw new OrganiserDataError(`the ISP ${new Date(ts).toISOString()} is given twice`);
    seen.add(ts);
  }
}

export function checkParticipant(participant: string): void {
  if (!PARTICIPANT_NAME.test(participant)) throw new OrganiserDataError(`participant "${participant}": use lower-case letters, digits, '.', '_' and '-' (at most 64)`);
  if ((METERED_PARTICIPANTS as readonly string[]).includes(participant)) throw new OrganiserDataError(`participant "${participant}" is metered by the segments: its consumption is not fed in`);
}

export function parseConsumption(body: unknown): ConsumptionIsp[] {
  const isps = ispsOf(body, '{ "ispStart": <epoch ms>, "powerW": <W ≥ 0> }').map((raw, i) => {
    const where = `isps[${i}]`;
    const { ispStart, powerW } = (raw ?? {}) as { ispStart?: unknown; powerW?: unknown };
    if (typeof powerW !== 'number' || !Number.isFinite(powerW) || powerW < 0) throw new OrganiserDataError(`${where}.powerW: expected a mean power in W, ≥ 0, got ${JSON.stringify(powerW)}`);
    return { ispStart: ispStartOf(ispStart, where), powerW };
  });
  noRepeat(isps.map((isp) => isp.ispStart));
  return isps;
}

export function parseShares(body: unknown): IspShares[] {
  const isps = ispsOf(body, '{ "ispStart": <epoch ms>, "shares": { "<participant>": <0–1>, … } }').map((raw, i) => {
    const where = `isps[${i}]`;
    const { ispStart, shares } = (raw ?? {}) as { ispStart?: unknown; shares?: unknown };
    if (typeof shares !== 'object' || shares === null || Array.isArray(shares) || Object.keys(shares).length === 0) throw new OrganiserDataError(`${where}.shares: expected { "<participant>": <share>, … }`);
    let sum = 0;
    for (const [participant, share] of Object.entries(shares)) {
      if (!PARTICIPANT_NAME.test(participant)) throw new OrganiserDataError(`${where}.shares: participant "${participant}": use lower-case letters, digits, '.', '_' and '-'`);
      if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new OrganiserDataError(`${where}.shares.${participant}: expected a share from 0 to 1, got ${JSON.stringify(share)}`);
      sum += share;
    }
    if (sum > 1 + 1e-9) throw new OrganiserDataError(`${where}.shares add up to ${sum}, more than 1`);
    return { ispStart: ispStartOf(ispStart, where), shares: shares as Record<string, number> };
  });
  noRepeat(isps.map((isp) => isp.ispStart));
  return isps;
}
