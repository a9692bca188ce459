import fc from 'fast-check';

import { canonicalJson, sha256Hex } from './canonical-json';
import { jsonValue } from './json.fixture';
import { decideVersion } from './statement-version';

describe('decideVersion', () => {
  const document = { orderId: 'o-1', totals: { netCents: 200 }, isps: [{ ispStart: 0, meteredW: 5 }] };

  it('given no statement yet, when settled, then version 1 with its canonical text and hash', () => {
    const decision = decideVersion(undefined, document);
    expect(decision).toEqual({ outcome: 'issued', version: 1, document: canonicalJson(document), contentSha256: sha256Hex(canonicalJson(document)), changes: [] });
  });

  it('given version 3, when the same result comes again (key order aside), then no version', () => {
    const text = canonicalJson(document);
    const latest = { version: 3, contentSha256: sha256Hex(text), document: text };
    expect(decideVersion(latest, { isps: [{ meteredW: 5, ispStart: 0 }], totals: { netCents: 200 }, orderId: 'o-1' })).toEqual({ outcome: 'unchanged', version: 3 });
  });

  it('given version 1, when late data changes a figure, then version 2 with the difference', () => {
    const text = canonicalJson(document);
    const decision = decideVersion({ version: 1, contentSha256: sha256Hex(text), document: text }, { ...document, totals: { netCents: 150 } });
    expect(decision).toMatchObject({ outcome: 'issued', version: 2, changes: [{ path: '/totals/netCents', from: 200, to: 150, delta: -50 }] });
  });

  it('issues a version exactly when the content differs, always the next number, never with an empty difference', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, fc.integer({ min: 1, max: 1000 }), (before, after, version) => {
        const text = canonicalJson(before);
        const decision = decideVersion({ version, contentSha256: sha256Hex(text), document: text }, after);
        if (canonicalJson(after) === text) expect(decision).toEqual({ outcome: 'unchanged', version });
        else {
          expect(decision.outcome).toBe('issued');
          if (decision.outcome === 'issued') {
            expect(decision.version).toBe(version + 1);
            expect(decision.changes.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });
});
