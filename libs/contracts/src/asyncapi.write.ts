/**
 * Writes docs/asyncapi.yaml from the registry: `node tools/scripts/run-ts.mjs libs/contracts/src/asyncapi.write.ts`.
 * Run it after changing a topic or a .proto; asyncapi.spec.ts fails until the committed file matches.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { ASYNCAPI_DOCUMENT_PATH, renderAsyncApiYaml } from './asyncapi';

const target = path.resolve(__dirname, '../../..', ASYNCAPI_DOCUMENT_PATH);
writeFileSync(target, renderAsyncApiYaml());
console.log(`asyncapi: wrote ${ASYNCAPI_DOCUMENT_PATH}`);
