/**
 * Writes docs/openapi/<service>.json for every service: `node tools/scripts/run-ts.mjs tools/cli/src/openapi/openapi.write.ts`.
 * Run it after changing a route, its roles or its @Doc; openapi.spec.ts fails until the committed files match.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { allServices } from '../services';
import { openApiPath, renderServiceOpenApi } from './service-openapi';

const root = path.resolve(__dirname, '../../../..');

async function main(): Promise<void> {
  for (const service of allServices) {
    const target = path.join(root, openApiPath(service.name));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, await renderServiceOpenApi(service));
    console.log(`openapi: wrote ${openApiPath(service.name)}`);
  }
}

void main();
