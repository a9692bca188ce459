import fc from 'fast-check';

import { telemetryRow } from '../testing/telemetry-row.factory';
import { INSERT_COLUMN_COUNT, MAX_ROWS_PER_INSERT, buildMultiRowInsertSql, multiRowInsertParams } from './telemetry-insert.sql';

describe('buildMultiRowInsertSql', () => {
  it('binds every parameter 1..n exactly once for n = rows × columns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (rowCount) => {
        const sql = buildMultiRowInsertSql(rowCount);
        const placeholders = [...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
        expect(placeholders).toEqual(Array.from({ length: rowCount * INSERT_COLUMN_COUNT }, (_, i) => i + 1));
        expect(sql).toMatch(/on conflict \(segment_id, ts\) do nothing$/);
      }),
    );
  });

  it('stays within the protocol limit of 65535 parameters', () => {
    expect(MAX_ROWS_PER_INSERT * INSERT_COLUMN_COUNT).toBeLessThanOrEqual(65_535);
    expect(() => buildMultiRowInsertSql(MAX_ROWS_PER_INSERT + 1)).toThrow(RangeError);
    expect(() => buildMultiRowInsertSql(0)).toThrow(RangeError);
  });
});

describe('multiRowInsertParams', () => {
  it('lays rows out column by column, one row after another', () => {
    const params = multiRowInsertParams([telemetryRow({ segmentId: 'a', ts: 1 }), telemetryRow({ segmentId: 'b', ts: 2, batterySocPct: null })]);
    expect(params).toHaveLength(2 * INSERT_COLUMN_COUNT);
    expect(params.slice(0, 2)).toEqual(['a', 1]);
    expect(params.slice(INSERT_COLUMN_COUNT, INSERT_COLUMN_COUNT + 2)).toEqual(['b', 2]);
    expect(params[INSERT_COLUMN_COUNT + 6]).toBeNull();
  });
});
