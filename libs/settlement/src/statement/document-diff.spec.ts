import fc from 'fast-check';

import type { JsonValue } from './canonical-json';
import { canonicalJson } from './canonical-json';
import { jsonValue } from './json.fixture';
import { diffDocuments, valueAt } from './document-diff';

const v1 = {
  totals: { netCents: 200, deliveredWh: 10_000 },
  isps: [
    { ispStart: 900_000, meteredW: 60_000, netCents: 100 },
    { ispStart: 1_800_000, meteredW: 61_000, netCents: 100 },
  ],
  segments: [{ segmentId: 's2', netCents: 200 }],
};

describe('diffDocuments', () => {
  it('names each changed leaf by the identity of its ISP or segment, with before, after and delta', () => {
    const v2 = structuredClone(v1);
    v2.isps[1].meteredW = 63_500;
    v2.isps[1].netCents = 90;
    v2.totals.netCents = 190;
    v2.segments.unshift({ segmentId: 's1', netCents: 0 });
    expect(diffDocuments(v1, v2)).toEqual([
      { path: '/isps/ispStart=1800000/meteredW', from: 61_000, to: 63_500, delta: 2_500 },
      { path: '/isps/ispStart=1800000/netCents', from: 100, to: 90, delta: -10 },
      { path: '/segments/segmentId=s1', to: { segmentId: 's1', netCents: 0 } },
      { path: '/totals/netCents', from: 200, to: 190, delta: -10 },
    ]);
  });

  it('is empty exactly when the canonical texts are equal, and each change reads its values from the two documents', () => {
    const documents = fc.oneof(jsonValue, fc.constant(v1 as unknown as JsonValue), fc.constant(structuredClone(v1) as unknown as JsonValue));
    fc.assert(
      fc.property(documents, documents, (a, b) => {
        const changes = diffDocuments(a, b);
        expect(changes.length === 0).toBe(canonicalJson(a) === canonicalJson(b));
        for (const change of changes) {
          expect(valueAt(a, change.path)).toEqual(change.from);
          expect(valueAt(b, change.path)).toEqual(change.to);
          if (change.delta !== undefined) expect(change.delta).toBe((change.to as number) - (change.from as number));
        }
      }),
    );
  });
});
