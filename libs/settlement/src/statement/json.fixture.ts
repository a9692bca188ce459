/** Arbitrary JSON values for the statement's property tests. */
import fc from 'fast-check';

import type { JsonValue } from './canonical-json';

/** JSON values as a statement holds them: finite numbers, strings, booleans, null, arrays, records. */
export const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), tie('array'), tie('record')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  record: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
})).value as fc.Arbitrary<JsonValue>;
